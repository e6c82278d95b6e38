package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** `archiver fetch` says the delivery plan in words, before the download, as the bot does. */
class FetchPlanTest {

  private static final long LIMIT = 50L * 1024 * 1024;

  @Test
  void aFileThatFitsAsAskedHasNoPlanLine() {
    assertThat(FetchCommand.ConsoleListener.plan(Map.of("plan", "x", "max_bytes", LIMIT)))
        .isEmpty();
  }

  @Test
  void aSmallerQualitySaysWhatWouldNotFitAndWhatComesInstead() {
    assertThat(
            FetchCommand.ConsoleListener.plan(
                Map.of(
                    "max_bytes",
                    LIMIT,
                    "smaller_than_asked",
                    true,
                    "wanted",
                    "720p",
                    "wanted_bytes",
                    180L * 1024 * 1024,
                    "chosen",
                    "360p")))
        .contains("720p would be 180.0 MiB, over the 50.0 MiB limit; 360p instead");
  }

  @Test
  void overTheLimitSaysPartsOrAFittedAudioFile() {
    assertThat(
            FetchCommand.ConsoleListener.plan(
                Map.of(
                    "max_bytes",
                    LIMIT,
                    "over_limit",
                    true,
                    "delivery",
                    "parts",
                    "estimated_parts",
                    3L)))
        .contains("over the 50.0 MiB limit: sent in about 3 parts of at most 50.0 MiB");
    assertThat(
            FetchCommand.ConsoleListener.plan(
                Map.of("max_bytes", LIMIT, "over_limit", true, "delivery", "parts")))
        .contains("over the 50.0 MiB limit: sent in several parts of at most 50.0 MiB");
    assertThat(
            FetchCommand.ConsoleListener.plan(
                Map.of("max_bytes", LIMIT, "over_limit", true, "delivery", "fit_audio")))
        .contains("over the 50.0 MiB limit as it is: the audio is re-encoded to fit one file");
  }
}
