package archiver.download;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorClassifierTest {

  @ParameterizedTest(name = "[{index}] {0}: {2}")
  @CsvFileSource(resources = "/intake/error-messages.csv", delimiter = '|', quoteCharacter = '~')
  void givenARealFailureMessage_whenClassified_thenItsTypeAndStatus(
      ErrorType expected, Integer status, String message) {
    assertThat(ErrorClassifier.classify(message)).isEqualTo(expected);
    assertThat(ErrorClassifier.httpStatus(message))
        .isEqualTo(status == null ? OptionalInt.empty() : OptionalInt.of(status));
  }

  @ParameterizedTest
  @NullAndEmptySource
  @ValueSource(strings = {"   ", "\n"})
  void givenNoMessage_whenClassified_thenUnknown(String message) {
    assertThat(ErrorClassifier.classify(message)).isEqualTo(ErrorType.UNKNOWN);
    assertThat(ErrorClassifier.httpStatus(message)).isEmpty();
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "exit status 255 | ",
        "HTTP Error 999: Weird | ",
        "HTTP Error 42: Short | ",
        "took 404 ms | ",
        "HTTP/2 503 | 503",
        "HTTP 418 I'm a teapot | 418",
        "status code: 302 | 302"
      })
  void givenNumbersThatAreNotHttpStatuses_whenExtracted_thenIgnored(
      String message, Integer status) {
    assertThat(ErrorClassifier.httpStatus(message))
        .isEqualTo(status == null ? OptionalInt.empty() : OptionalInt.of(status));
  }

  @Test
  void givenABitrateLimit_whenClassified_thenNotARateLimit() {
    assertThat(ErrorClassifier.classify("ffmpeg: bitrate limit exceeded for this profile"))
        .isNotEqualTo(ErrorType.RATE_LIMIT);
  }

  @Test
  void givenTheSameMessageInAnyCase_whenClassified_thenTheSameType() {
    String message = "ERROR: [youtube] x: Sign in to confirm you’re not a bot";

    assertThat(ErrorClassifier.classify(message.toUpperCase()))
        .isEqualTo(ErrorClassifier.classify(message))
        .isEqualTo(ErrorType.AUTH_ERROR);
  }
}
