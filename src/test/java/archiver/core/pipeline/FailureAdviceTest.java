package archiver.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.Quality;
import archiver.domain.SourceType;
import archiver.download.DownloadFailure;
import archiver.download.Metadata;
import archiver.logging.JobContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** What the user is told would work instead, decided from the failure and what the link holds. */
class FailureAdviceTest {

  private static final long LIMIT = 50L * 1024 * 1024;

  private static Metadata holding(OptionalLong size, String... qualities) {
    return new Metadata(
        "t",
        Optional.empty(),
        OptionalDouble.empty(),
        Optional.empty(),
        Optional.empty(),
        size,
        List.of(qualities),
        new Metadata.SourceData() {});
  }

  private static PipelineRequest asking(Quality quality) {
    return new PipelineRequest(
        JobContext.of(1, 2L, 3L, SourceType.GENERIC, "example.org"),
        URI.create("https://example.org/a"),
        SourceType.GENERIC,
        quality,
        LIMIT,
        Path.of("job"),
        new LongMediaLimits(20, 14400, 32));
  }

  private static Optional<Advice> advice(ErrorType type, Quality quality, Metadata metadata) {
    return FailureAdvice.advised(DownloadFailure.of(type, "x"), asking(quality), metadata).advice();
  }

  @Test
  void aVideoAskedOfSoundOnlyIsOfferedAsAudio() {
    assertThat(
            advice(
                ErrorType.FORMAT_NOT_FOUND,
                Quality.P720,
                holding(OptionalLong.empty(), "audio_best")))
        .contains(new Advice.AudioOnly());
  }

  @Test
  void aMissingQualityOfAVideoIsNoSoundOnlyCase() {
    assertThat(
            advice(
                ErrorType.FORMAT_NOT_FOUND,
                Quality.P1080,
                holding(OptionalLong.empty(), "best", "720p", "audio_best")))
        .isEmpty();
    assertThat(
            advice(
                ErrorType.FORMAT_NOT_FOUND,
                Quality.AUDIO_64,
                holding(OptionalLong.empty(), "audio_best")))
        .isEmpty();
  }

  @Test
  void theOriginalOverTheLimitNamesItsSizeWhenTheSourceToldIt() {
    assertThat(
            advice(ErrorType.SIZE_LIMIT, Quality.FILE, holding(OptionalLong.of(LIMIT + 1), "best")))
        .contains(new Advice.FileTooLarge(Optional.of(LIMIT + 1), LIMIT));
    assertThat(advice(ErrorType.SIZE_LIMIT, Quality.FILE, holding(OptionalLong.empty(), "best")))
        .contains(new Advice.FileTooLarge(Optional.empty(), LIMIT));
  }

  @Test
  void mediaTooLargeEvenInPartsNamesTheMostParts() {
    assertThat(advice(ErrorType.SIZE_LIMIT, Quality.P720, holding(OptionalLong.empty(), "best")))
        .contains(new Advice.TooManyParts(20, LIMIT));
    assertThat(
            advice(
                ErrorType.SIZE_LIMIT,
                Quality.AUDIO_128,
                holding(OptionalLong.empty(), "audio_best")))
        .contains(new Advice.TooManyParts(20, LIMIT));
  }

  @Test
  void otherFailuresAndAdviceAlreadyGivenAreLeftAlone() {
    assertThat(
            advice(
                ErrorType.NETWORK_ERROR, Quality.P720, holding(OptionalLong.empty(), "audio_best")))
        .isEmpty();
    DownloadFailure tooLong =
        DownloadFailure.of(ErrorType.SIZE_LIMIT, "long").withAdvice(new Advice.TooLong(9, 1));
    assertThat(
            FailureAdvice.advised(
                    tooLong, asking(Quality.P720), holding(OptionalLong.empty(), "best"))
                .advice())
        .contains(new Advice.TooLong(9, 1));
  }
}
