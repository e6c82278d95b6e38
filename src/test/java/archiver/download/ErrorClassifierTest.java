package archiver.download;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.Map;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

class ErrorClassifierTest {

  private static final String LINES = "/intake/error-messages.csv";

  /**
   * The types no message turns into, and where each is made instead; the classifier must never
   * answer them, so they have no lines in the table.
   */
  private static final Map<ErrorType, String> MADE_ELSEWHERE =
      Map.of(
          ErrorType.TIMEOUT,
          "a runner's own deadline (YtDlpDownloader, Ffmpeg, Ffprobe, PinnedHop, OpenResponse,"
              + " RedirectFollower; JobRunner for the whole job): a tool saying \"timed out\" is a"
              + " NETWORK_ERROR, worth a retry",
          ErrorType.STALE,
          "StartupRecovery only, for a job found RUNNING with no retries left",
          ErrorType.CANCELLED,
          "the owner's or an admin's cancel (core, and MediaDelivery when it stops a send)",
          ErrorType.TELEGRAM_ERROR,
          "SendFailures, from the Bot API's status code and exception, never from text");

  @ParameterizedTest(name = "[{index}] {0}: {2}")
  @CsvFileSource(resources = "/intake/error-messages.csv", delimiter = '|', quoteCharacter = '~')
  void givenARealFailureMessage_whenClassified_thenItsTypeAndStatus(
      ErrorType expected, Integer status, String message) {
    assertThat(ErrorClassifier.classify(message)).isEqualTo(expected);
    assertThat(ErrorClassifier.httpStatus(message))
        .isEqualTo(status == null ? OptionalInt.empty() : OptionalInt.of(status));
  }

  @ParameterizedTest(name = "{0}")
  @EnumSource(ErrorType.class)
  void everyErrorTypeHasThreeRealLinesOrIsMadeElsewhere(ErrorType type) throws IOException {
    int lines = linesPerType().getOrDefault(type, 0);

    if (MADE_ELSEWHERE.containsKey(type)) {
      assertThat(lines).as("%s is made by %s", type, MADE_ELSEWHERE.get(type)).isZero();
    } else {
      assertThat(lines).as("real lines for %s in %s", type, LINES).isGreaterThanOrEqualTo(3);
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(
      strings = {
        // YtDlpDownloader, Ffmpeg, PinnedHop and JobRunner when their deadline passed
        "downloading took longer than 600 s",
        "ffmpeg ran longer than 600 s",
        "cdn.example.com did not answer within 30 s",
        "the job took longer than 3600 s",
        // MediaDelivery's and JobRunner's words for a cancel
        "stopped while sending to Telegram",
        "cancelled by an admin",
        // SendFailures' for a 5xx answer of the Bot API
        "the Bot API answered 502: Bad Gateway"
      })
  void givenTheWordsOfATypeMadeElsewhere_whenClassified_thenNotThatType(String message) {
    assertThat(ErrorClassifier.classify(message)).isNotIn(MADE_ELSEWHERE.keySet());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        // extractor/youtube.py test 'skip' reasons, the video still exists
        "ERROR: [youtube] abc123def45: Private video | PROTECTED_CONTENT",
        "ERROR: [youtube] abc123def45: Join this channel to get access to members-only content like"
            + " this video, and other exclusive perks. | AUTH_ERROR",
        // a real 404 or 403 without the site's word that the video is gone: maybe a mistyped link
        "ERROR: [generic] Unable to download webpage: HTTP Error 404: Not Found (caused by"
            + " <HTTPError 404: 'Not Found'>) | HTTP_ERROR",
        "ERROR: unable to download video data: HTTP Error 403: Forbidden | HTTP_ERROR",
        // a geo block on copyright grounds is GEO_BLOCK, a worldwide one is gone
        "ERROR: [youtube] abc123def45: Video unavailable. This video contains content from SME, who"
            + " has blocked it in your country on copyright grounds. | GEO_BLOCK"
      })
  void givenAVideoThatStillExists_whenClassified_thenNotUnavailable(
      String message, ErrorType expected) {
    assertThat(ErrorClassifier.classify(message)).isEqualTo(expected);
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

  /** How many lines of the table expect each type. */
  private static Map<ErrorType, Integer> linesPerType() throws IOException {
    Map<ErrorType, Integer> counts = new EnumMap<>(ErrorType.class);
    try (InputStream in = ErrorClassifierTest.class.getResourceAsStream(LINES)) {
      assertThat(in).as(LINES).isNotNull();
      for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
        if (line.isBlank() || line.startsWith("#")) {
          continue;
        }
        counts.merge(
            ErrorType.valueOf(line.substring(0, line.indexOf('|')).strip()), 1, Integer::sum);
      }
    }
    return counts;
  }
}
