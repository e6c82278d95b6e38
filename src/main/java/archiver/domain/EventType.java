package archiver.domain;

/** Every kind of row in {@code job_events} (docs/ARCHITECTURE.md, "Events"). */
public enum EventType {
  JOB_CREATED,
  REQUESTER_ATTACHED,
  /** The job is an item of a playlist's batch (which item, of how many). */
  BATCH_ITEM,
  /** A playlist became a batch (in {@code batch_events}). */
  BATCH_CREATED,
  /** A batch ended: every item tried, or the rest cancelled (in {@code batch_events}). */
  BATCH_FINISHED,
  STATUS_CHANGED,
  WORKER_ASSIGNED,
  METADATA_FETCH_STARTED,
  METADATA_FETCH_FINISHED,
  METADATA_FETCH_FAILED,
  CAPABILITY_CHECK_PASSED,
  CAPABILITY_CHECK_FAILED,
  DOWNLOAD_STARTED,
  DOWNLOAD_FINISHED,
  DOWNLOAD_FAILED,
  POSTPROCESS_STARTED,
  POSTPROCESS_FINISHED,
  POSTPROCESS_FAILED,
  OUTPUT_VALIDATED,
  OUTPUT_VALIDATION_FAILED,
  ARCHIVED,
  /** {@code /rename}: the archived files and the title of a finished job took a new name. */
  JOB_RENAMED,
  TELEGRAM_SEND_STARTED,
  TELEGRAM_SEND_FINISHED,
  TELEGRAM_SEND_FAILED,
  /**
   * A send to a chat was in flight when the process stopped: the chat may have the media, and is
   * sent to again (the one possible duplicate).
   */
  TELEGRAM_SEND_INTERRUPTED,
  /** A retry found the file made by an earlier attempt and sends it without fetching it again. */
  OUTPUT_REUSED,
  RETRY_SCHEDULED,
  /** A live event or premiere has not started: the job waits for it, not counting a retry. */
  WAITING_FOR_START,
  RETRY_SKIPPED,
  MAX_RETRIES_REACHED,
  JOB_CANCELLED,
  JOB_COMPLETED,
  JOB_FAILED,
  JOB_RECOVERED_STALE,
  /**
   * A QUEUED job's process stopped renewing its lease before starting it; another process took the
   * job over.
   */
  LEASE_TAKEN_OVER,
  /** The tmp cleanup removed the job's leftover files. */
  TMP_FILES_REMOVED,
  STALE_JOB_MARKED_FAILED,
  /** The state machine refused a transition that is not in the table. */
  ILLEGAL_TRANSITION,
  /** The row had already moved on when a transition was attempted (stale {@code from}). */
  TRANSITION_LOST
}
