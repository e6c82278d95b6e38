package archiver.domain;

/**
 * What a process of the bot does (docs/ARCHITECTURE.md, "Processes and leases"). Telegram allows
 * one {@code getUpdates} consumer per bot, so one process polls; any number work.
 */
public enum ProcessRole {
  /** {@code archiver run}: polls Telegram, takes requests, and works on jobs. */
  RUN,
  /** {@code archiver worker}: only works on jobs (download, convert, upload, deliver). */
  WORKER
}
