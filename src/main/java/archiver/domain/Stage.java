package archiver.domain;

/** Which part of the system a job-related log line comes from (ARCHITECTURE.md §12.2). */
public enum Stage {
  BOT,
  ORCHESTRATOR,
  QUEUE,
  WORKER,
  DOWNLOAD,
  TELEGRAM_SEND
}
