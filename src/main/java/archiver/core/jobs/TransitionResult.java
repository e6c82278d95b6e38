package archiver.core.jobs;

/** How a call to {@link JobStateMachine#transition} ended. */
public enum TransitionResult {
  /** The status changed and STATUS_CHANGED was recorded. */
  APPLIED,
  /** The pair is not in the transition table; nothing changed, ILLEGAL_TRANSITION recorded. */
  ILLEGAL,
  /** The row no longer had the expected status; nothing changed, TRANSITION_LOST recorded. */
  LOST,
  /** No such job. */
  NOT_FOUND;

  public boolean applied() {
    return this == APPLIED;
  }
}
