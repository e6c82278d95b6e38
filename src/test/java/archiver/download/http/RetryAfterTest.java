package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class RetryAfterTest {

  private static final Instant NOW = Instant.parse("1994-11-06T08:49:00Z");

  @ParameterizedTest(name = "\"{0}\" -> {1} s")
  @CsvSource(
      delimiter = '|',
      value = {
        "120 | 120",
        "0 | 0",
        "' 7 ' | 7",
        "Sun, 06 Nov 1994 08:49:37 GMT | 37",
        "Sunday, 06-Nov-94 08:49:37 GMT | 37",
        "Sun Nov  6 08:49:37 1994 | 37",
        "sun, 06 nov 1994 08:50:00 gmt | 60",
        // A date in the past means "now".
        "Sun, 06 Nov 1994 08:00:00 GMT | 0",
        // Absurd waits are capped at six hours.
        "999999 | 21600",
        "99999999999999999999 | 21600",
      })
  void givenRetryAfterHeader_whenParsed_thenDelayFromNow(String header, long seconds) {
    assertThat(RetryAfter.parse(header, NOW)).contains(Duration.ofSeconds(seconds));
  }

  @ParameterizedTest(name = "\"{0}\" is not read")
  @CsvSource(
      delimiter = '|',
      value = {"''", "soon", "-5", "1.5", "Sun, 06 Nov 1994"})
  void givenUnreadableHeader_whenParsed_thenEmpty(String header) {
    assertThat(RetryAfter.parse(header, NOW)).isEqualTo(Optional.empty());
  }
}
