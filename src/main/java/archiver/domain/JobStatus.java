package archiver.domain;

/**
 * The primary status of a job (docs/ARCHITECTURE.md, "Job states"). Only {@code JobStateMachine}
 * changes it.
 */
public enum JobStatus {
  PENDING,
  QUEUED,
  RUNNING,
  COMPLETED,
  FAILED;

  public boolean isTerminal() {
    return this == COMPLETED || this == FAILED;
  }

  public boolean isActive() {
    return !isTerminal();
  }
}
