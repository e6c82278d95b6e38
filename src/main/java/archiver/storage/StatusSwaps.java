package archiver.storage;

import archiver.domain.ErrorType;
import archiver.domain.JobStatus;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.statement.Update;

/** The statements of {@link JobRepository#compareAndSetStatus}, inside its transaction. */
final class StatusSwaps {

  private StatusSwaps() {}

  static JobRepository.StatusSwap apply(
      Handle h,
      long jobId,
      JobStatus from,
      JobStatus to,
      StatusColumns columns,
      OwnerCheck lease,
      List<NewEvent> events,
      Instant now) {
    String leaseHeld = lease.condition().isEmpty() ? "" : " AND " + lease.condition();
    Update update =
        h.createUpdate(
                "UPDATE jobs SET status = :to, updated_at = :now,"
                    + " started_at = CASE WHEN :to = 'RUNNING' THEN :now ELSE started_at END,"
                    + " retry_count = retry_count + :increment,"
                    + " next_attempt_at = COALESCE(:nextAttemptAt, next_attempt_at),"
                    + " error_type = COALESCE(:errorType, error_type),"
                    + " error_message = COALESCE(:errorMessage, error_message),"
                    + " http_status = COALESCE(:httpStatus, http_status),"
                    // A cancel request is for the run that is ending now.
                    + " cancel_requested_by = NULL"
                    + " WHERE id = :id AND status = :from"
                    + leaseHeld)
            .bind("to", to.name())
            .bind("from", from.name())
            .bind("id", jobId)
            .bind("now", now.toEpochMilli());
    bindColumns(update, columns);
    if (!leaseHeld.isEmpty()) {
      update.bind("owner", lease.owner());
    }
    if (update.execute() == 1) {
      JobEventRepository.insertAll(h, jobId, events, now);
      return new JobRepository.StatusSwap(true, Optional.of(from));
    }
    return new JobRepository.StatusSwap(
        false,
        h.createQuery("SELECT status FROM jobs WHERE id = :id")
            .bind("id", jobId)
            .mapTo(String.class)
            .findOne()
            .map(JobStatus::valueOf));
  }

  private static void bindColumns(Update update, StatusColumns columns) {
    switch (columns) {
      case StatusColumns.None none -> bindColumns(update, 0, null, null, null, null);
      case StatusColumns.Failure f ->
          bindColumns(update, 0, null, f.type(), f.message(), f.httpStatus());
      case StatusColumns.Retry r ->
          bindColumns(update, 1, r.nextAttemptAt(), r.type(), r.message(), r.httpStatus());
      case StatusColumns.Wait w ->
          bindColumns(update, 0, w.nextAttemptAt(), w.type(), w.message(), null);
    }
  }

  private static void bindColumns(
      Update update,
      int increment,
      Instant nextAttemptAt,
      ErrorType type,
      String message,
      Integer httpStatus) {
    update
        .bind("increment", increment)
        .bind("nextAttemptAt", nextAttemptAt == null ? null : nextAttemptAt.toEpochMilli())
        .bind("errorType", type == null ? null : type.name())
        .bind("errorMessage", message)
        .bind("httpStatus", httpStatus);
  }
}
