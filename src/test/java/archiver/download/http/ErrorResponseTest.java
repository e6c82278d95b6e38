package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** A non-2xx answer's error type comes from its status code, not from a message about it. */
class ErrorResponseTest {

  private static final URI FILE = URI.create("https://cdn.example.com/a/talk.mp3?token=secret");
  private static final Instant NOW = Instant.parse("2025-03-01T12:00:00Z");

  private static ErrorResponse answer(int status, String page) {
    return new ErrorResponse(FILE, status, false, Optional.empty(), page);
  }

  @ParameterizedTest(name = "{0} -> {1}: {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "400 | HTTP_ERROR  | HTTP Error 400: Bad Request",
        "401 | AUTH_ERROR  | HTTP Error 401: Unauthorized",
        "403 | HTTP_ERROR  | HTTP Error 403: Forbidden",
        "404 | HTTP_ERROR  | HTTP Error 404: Not Found",
        "410 | HTTP_ERROR  | HTTP Error 410: Gone",
        "413 | SIZE_LIMIT  | HTTP Error 413: Content Too Large",
        "418 | HTTP_ERROR  | HTTP Error 418: error",
        "429 | RATE_LIMIT  | HTTP Error 429: Too Many Requests",
        "451 | GEO_BLOCK   | HTTP Error 451: Unavailable For Legal Reasons",
        "500 | HTTP_ERROR  | HTTP Error 500: Internal Server Error",
        "502 | HTTP_ERROR  | HTTP Error 502: Bad Gateway",
        "503 | HTTP_ERROR  | HTTP Error 503: Service Unavailable",
        "504 | HTTP_ERROR  | HTTP Error 504: Gateway Timeout",
      })
  void givenAStatus_whenJudged_thenTheTypeFollowsTheCode(
      int status, ErrorType type, String message) {
    DownloadFailure failure = answer(status, "").failure(NOW);

    assertThat(failure.type()).isEqualTo(type);
    assertThat(failure.message()).isEqualTo(message);
    assertThat(failure.httpStatus()).contains(status);
  }

  @ParameterizedTest(name = "{0} with \"{1}\" -> {2}")
  @CsvSource(
      delimiter = '|',
      value = {
        "403 | Please log in to download this lecture. | AUTH_ERROR",
        "403 | Access denied.                          | HTTP_ERROR",
        "403 | This content is not available in your country | GEO_BLOCK",
        "403 | Too many requests from your network     | RATE_LIMIT",
        "403 | This video is private.                  | PROTECTED_CONTENT",
        "401 | Private video. Sign in if you've been granted access | PROTECTED_CONTENT",
        "403 | Request timeout while checking your session | HTTP_ERROR",
        "401 | who are you                             | AUTH_ERROR",
        "404 | Not found. Log in to your account or register | HTTP_ERROR",
        "500 | Please log in                           | HTTP_ERROR",
      })
  void givenARefusalPage_whenJudged_thenOnlyA401Or403IsReadForWhatItAsks(
      int status, String page, ErrorType type) {
    assertThat(answer(status, page).type()).isEqualTo(type);
  }

  @Test
  void givenA403AskingToSignIn_whenJudged_thenTheMessageSaysSo() {
    DownloadFailure failure = answer(403, "You must be logged in").failure(NOW);

    assertThat(failure.type()).isEqualTo(ErrorType.AUTH_ERROR);
    assertThat(failure.message()).isEqualTo("HTTP Error 403: Forbidden (the site asks to sign in)");
  }

  @Test
  void givenA403WithWwwAuthenticate_whenJudged_thenAuthError() {
    ErrorResponse answer = new ErrorResponse(FILE, 403, true, Optional.empty(), "");

    assertThat(answer.type()).isEqualTo(ErrorType.AUTH_ERROR);
  }

  @Test
  void givenA429WithRetryAfterSeconds_whenJudged_thenRateLimitWithThatDelay() {
    ErrorResponse answer = new ErrorResponse(FILE, 429, false, Optional.of("120"), "");

    DownloadFailure failure = answer.failure(NOW);

    assertThat(failure.type()).isEqualTo(ErrorType.RATE_LIMIT);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void givenA503WithRetryAfterDate_whenJudged_thenTheDelayRunsUntilThatDate() {
    ErrorResponse answer =
        new ErrorResponse(FILE, 503, false, Optional.of("Sat, 01 Mar 2025 12:01:30 GMT"), "");

    DownloadFailure failure = answer.failure(NOW);

    assertThat(failure.type()).isEqualTo(ErrorType.HTTP_ERROR);
    assertThat(failure.retryAfter()).contains(Duration.ofSeconds(90));
  }

  @Test
  void givenRetryAfterOnA404_whenJudged_thenIgnored() {
    ErrorResponse answer = new ErrorResponse(FILE, 404, false, Optional.of("120"), "");

    assertThat(answer.failure(NOW).retryAfter()).isEmpty();
  }

  @Test
  void givenAnErrorPage_whenJudged_thenTheDetailNamesTheUrlWithoutQueryAndQuotesThePage() {
    DownloadFailure failure = answer(404, "no such clip").failure(NOW);

    assertThat(failure.detail())
        .isEqualTo("https://cdn.example.com/a/talk.mp3 answered 404\nno such clip");
  }
}
