package archiver.core;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.Requester;
import archiver.domain.DownloadProgress;
import java.time.Instant;
import java.util.List;

/**
 * What the orchestrator tells the outside about a job while it runs: the bot edits its status
 * message and sends the media; headless runs (tests, {@code fetch}) ignore it all.
 */
public interface JobObserver {

  /** A pipeline event happened (fetching info, downloading, converting, ...). */
  default void stage(Job job, EventType event) {}

  /** Download progress; called often, must return quickly. */
  default void progress(Job job, DownloadProgress progress) {}

  /**
   * Sends the finished media to every requester that still waits. Called on the worker's thread;
   * may block for the upload.
   */
  default DeliveryResult deliver(Job job, List<Requester> waiting, ReadyMedia media) {
    return new DeliveryResult.NotNeeded();
  }

  /** The job will be tried again at {@code at}. */
  default void retrying(Job job, ErrorType cause, Instant at) {}

  /** The job ended without media (including cancelled ones); tell those who wait. */
  default void failed(Job job, List<Requester> waiting, ErrorType type, String message) {}

  /** An observer that ignores everything, for headless runs. */
  JobObserver NONE = new JobObserver() {};

  /** The outcome of {@link #deliver}. */
  sealed interface DeliveryResult {
    /**
     * Delivered to {@code chatIds}; {@code fileId} is Telegram's id for re-sending the same media.
     */
    record Delivered(String fileId, List<Long> chatIds) implements DeliveryResult {}

    /** Nobody to send to (headless). */
    record NotNeeded() implements DeliveryResult {}

    record Failed(ErrorType type, String message) implements DeliveryResult {}
  }
}
