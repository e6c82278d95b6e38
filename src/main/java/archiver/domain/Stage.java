package archiver.domain;

/** Which part of the system a job-related log line comes from (docs/ARCHITECTURE.md, "Logging"). */
public enum Stage {
  BOT,
  ORCHESTRATOR,
  QUEUE,
  WORKER,
  DOWNLOAD,
  TELEGRAM_SEND
}
