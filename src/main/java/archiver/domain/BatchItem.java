package archiver.domain;

/**
 * One item of a {@link Batch}, 1-based in playlist order.
 *
 * @param jobId the job made (or joined) for it once its turn came
 * @param error why it failed, in a few English words, for the operator
 */
public record BatchItem(
    long batchId, int position, String url, String title, State state, Long jobId, String error) {

  public enum State {
    /** Its turn has not come. */
    WAITING,
    /** Its job is being fetched or sent. */
    RUNNING,
    SENT,
    FAILED,
    CANCELLED;

    public boolean isDone() {
      return this == SENT || this == FAILED || this == CANCELLED;
    }
  }

  /** An item's place in its batch, to name it in the chat ("Item 2 of 5: ..."). */
  public record Place(int position, int total, String title) {}
}
