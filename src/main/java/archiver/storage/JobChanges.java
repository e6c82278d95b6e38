package archiver.storage;

import archiver.domain.ErrorType;
import java.time.Instant;

/**
 * Columns written together with a status change, in the same statement, so a job is never seen
 * FAILED without its error or PENDING-for-retry without its next attempt time.
 */
public record JobChanges(
    ErrorType errorType,
    String errorMessage,
    Integer httpStatus,
    Instant nextAttemptAt,
    boolean incrementRetryCount,
    boolean clearError) {

  public static JobChanges none() {
    return new JobChanges(null, null, null, null, false, false);
  }

  public static JobChanges failure(ErrorType type, String message, Integer httpStatus) {
    return new JobChanges(type, message, httpStatus, null, false, false);
  }

  /** A retry: one more attempt counted, not before {@code at}; the last error stays visible. */
  public static JobChanges retryAt(Instant at, ErrorType type, String message, Integer httpStatus) {
    return new JobChanges(type, message, httpStatus, at, true, false);
  }
}
