package archiver.core.batch;

import archiver.domain.Batch;
import archiver.domain.BatchItem;

/**
 * What the batch runner tells the outside: the bot edits the batch's one status message; headless
 * runs ignore it. Called on the runner's thread, at most every few seconds per batch.
 */
public interface BatchObserver {

  /** The batch moved on (an item started or ended). */
  default void progress(Batch batch, BatchProgress progress) {}

  /**
   * An item's link was refused before it became a job, so no job's failure message tells the chat:
   * say which one ({@code reason} is English, for logs).
   */
  default void itemFailed(Batch batch, BatchItem item, String reason) {}

  /** The batch ended (every item tried, or cancelled). */
  default void finished(Batch batch, BatchProgress progress) {}

  BatchObserver NONE = new BatchObserver() {};
}
