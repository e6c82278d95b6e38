package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import java.time.Duration;
import java.util.Locale;

/**
 * A failure on its way to the edge of {@link GuardedHttp}, where it becomes an {@link
 * HttpResult.Failed}. It carries the finished {@link DownloadFailure}: the type is decided where
 * the failure is known (a status code, a timeout, a refused hop), never read back from a message.
 */
final class HttpFailure extends Exception {
  private final transient DownloadFailure failure;

  HttpFailure(DownloadFailure failure) {
    super(failure.message(), null, false, false); // an expected outcome: no stack trace to fill in
    this.failure = failure;
  }

  static HttpFailure of(ErrorType type, String message) {
    return new HttpFailure(DownloadFailure.of(type, message));
  }

  static HttpFailure network(String message) {
    return of(ErrorType.NETWORK_ERROR, message);
  }

  DownloadFailure failure() {
    return failure;
  }

  /** "SocketException: Connection reset", or the cause's when the exception says nothing. */
  static String describe(Throwable e) {
    String name = e.getClass().getSimpleName();
    String message = e.getMessage();
    if ((message == null || message.isBlank()) && e.getCause() != null) {
      return name + " (" + describe(e.getCause()) + ")";
    }
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  /** "3 s" for 2.998 s (a deadline computed a moment ago), "1.5 s" for 1.5 s. */
  static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    return Math.abs(s - Math.round(s)) < 0.05
        ? Math.round(s) + " s"
        : String.format(Locale.ROOT, "%.1f s", s);
  }

  /**
   * Okio reports an interrupted thread as an {@code InterruptedIOException}; a cancelled job must
   * stay a cancellation, not become a network error.
   */
  static void throwIfInterrupted() throws InterruptedException {
    if (Thread.interrupted()) {
      throw new InterruptedException("interrupted during an HTTP request");
    }
  }
}
