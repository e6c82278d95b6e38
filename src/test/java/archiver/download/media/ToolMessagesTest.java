package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ToolMessagesTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          /tmp/x.webm: Invalid data found when processing input | /tmp/x.webm: Invalid data found when processing input
          '[libx264 @ 0x55d0c3a2f840] height not divisible by 2 (320x241)\\nConversion failed!' | [libx264] height not divisible by 2 (320x241)
          'first\\nsecond\\n\\n   \\n' | second
          '' | fallback
          'Conversion failed!' | fallback
          """)
  void givenStderr_whenReduced_thenTheLastMeaningfulLineRemains(String stderr, String expected) {
    assertThat(ToolMessages.lastMeaningfulLine(stderr.replace("\\n", "\n"), "fallback"))
        .isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource({"PT0.15S, 150 ms", "PT15M, 900 s", "PT9.999S, 9999 ms"})
  void givenTimeout_whenDescribed_thenItReadsLikeTheConfiguration(
      Duration timeout, String expected) {
    assertThat(ToolMessages.describe(timeout)).isEqualTo(expected);
  }

  @Test
  void givenVeryLongLine_whenReduced_thenItIsShortened() {
    String message = ToolMessages.lastMeaningfulLine("x".repeat(1000), "fallback");

    assertThat(message).hasSize(ToolMessages.MAX_MESSAGE_CHARS).endsWith("...");
  }
}
