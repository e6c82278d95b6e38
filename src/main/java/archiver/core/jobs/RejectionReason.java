package archiver.core.jobs;

/** Why a request did not become a job; the bot translates each into one sentence. */
public enum RejectionReason {
  MAINTENANCE,
  QUEUE_FULL,
  TOO_MANY_ACTIVE_JOBS,
  USER_HOURLY_LIMIT,
  CHAT_HOURLY_LIMIT,
  URL_REFUSED
}
