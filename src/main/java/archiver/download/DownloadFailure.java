package archiver.download;

import archiver.domain.Advice;
import archiver.domain.ErrorType;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Why a stage failed: the type drives retries and the user's message, the short message goes to the
 * job and the user-facing log line, the detail (a bounded tool output tail) only to the job's
 * events; the advice, when there is one, makes the user's message say what would work.
 */
public record DownloadFailure(
    ErrorType type,
    String message,
    Optional<Integer> httpStatus,
    Optional<Duration> retryAfter,
    String detail,
    Optional<Advice> advice) {

  /** Messages stay short: they go into events, logs and (translated by type) to users. */
  static final int MAX_MESSAGE = 300;

  static final int MAX_DETAIL = 4000;

  public DownloadFailure {
    Objects.requireNonNull(type, "type");
    message = clip(message == null ? type.name() : message, MAX_MESSAGE);
    httpStatus = httpStatus == null ? Optional.empty() : httpStatus;
    retryAfter = retryAfter == null ? Optional.empty() : retryAfter;
    detail = clip(detail == null ? "" : detail, MAX_DETAIL);
    advice = advice == null ? Optional.empty() : advice;
  }

  public DownloadFailure(
      ErrorType type,
      String message,
      Optional<Integer> httpStatus,
      Optional<Duration> retryAfter,
      String detail) {
    this(type, message, httpStatus, retryAfter, detail, Optional.empty());
  }

  public static DownloadFailure of(ErrorType type, String message) {
    return new DownloadFailure(type, message, Optional.empty(), Optional.empty(), "");
  }

  /**
   * Classifies a tool or library message with {@link ErrorClassifier}. A live event or premiere
   * that has not started carries the wait until its start ({@link LiveStart}) as its retry-after:
   * the site's own "come back then", measured from now, as a Retry-After header is.
   */
  public static DownloadFailure classified(String message, String detail) {
    String text = message == null ? "" : message;
    String all = text + "\n" + (detail == null ? "" : detail);
    ErrorType type = ErrorClassifier.classify(all);
    java.util.OptionalInt status = ErrorClassifier.httpStatus(all);
    Optional<Duration> wait =
        type == ErrorType.NOT_YET_LIVE ? LiveStart.untilStart(all) : Optional.empty();
    return new DownloadFailure(
        type,
        text,
        status.isPresent() ? Optional.of(status.getAsInt()) : Optional.empty(),
        wait,
        detail);
  }

  public DownloadFailure withRetryAfter(Duration delay) {
    return new DownloadFailure(
        type, message, httpStatus, Optional.ofNullable(delay), detail, advice);
  }

  public DownloadFailure withAdvice(Advice what) {
    return new DownloadFailure(type, message, httpStatus, retryAfter, detail, Optional.of(what));
  }

  private static String clip(String s, int max) {
    if (s.length() <= max) {
      return s;
    }
    // Tool output ends with the real error: keep the tail.
    return "..." + s.substring(s.length() - max + 3);
  }
}
