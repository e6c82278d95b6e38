package archiver.storage;

import archiver.domain.ErrorType;
import java.time.Instant;

/**
 * The columns a status change writes besides {@code status}, in the same statement, so a job is
 * never seen FAILED without its error or PENDING-for-retry without its next attempt time
 * (docs/ARCHITECTURE.md, "Job states").
 */
public sealed interface StatusColumns {

  /** Nothing besides the status (and {@code started_at}, on the way into RUNNING). */
  record None() implements StatusColumns {}

  /** The job's error; a null HTTP status keeps the one recorded before. */
  record Failure(ErrorType type, String message, Integer httpStatus) implements StatusColumns {}

  /**
   * A retry: one more attempt counted, due at {@code nextAttemptAt}; the error that caused it stays
   * visible until the next attempt ends.
   */
  record Retry(Instant nextAttemptAt, ErrorType type, String message, Integer httpStatus)
      implements StatusColumns {}

  /**
   * A wait for a live event or premiere to start: due at {@code nextAttemptAt}, no attempt counted
   * (the site said when to come back); the error stays visible meanwhile.
   */
  record Wait(Instant nextAttemptAt, ErrorType type, String message) implements StatusColumns {}
}
