package archiver.core.delivery;

import archiver.core.pipeline.ReadyMedia;
import archiver.domain.Advice;
import archiver.domain.DownloadProgress;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.Requester;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What the orchestrator tells the outside about a job while it runs, and how it sends the media:
 * the bot edits its status messages and talks to the Bot API; headless runs (tests, {@code fetch})
 * ignore it all and send nothing.
 */
public interface JobObserver {

  /** A pipeline event happened (fetching info, downloading, converting, ...), with its data. */
  default void stage(Job job, EventType event, Map<String, ?> data) {}

  /** Download progress; called often, must return quickly. */
  default void progress(Job job, DownloadProgress progress) {}

  /**
   * Uploads the finished file to one chat. Called on the worker's thread; blocks for the upload,
   * and must not wait on anything else (status edits and chat actions go their own way).
   */
  default SendResult upload(Job job, Requester to, ReadyMedia media, Piece piece) {
    return new SendResult.Skipped();
  }

  /** Sends a part Telegram already holds (its {@code fileId}) to one chat. */
  default SendResult resend(Job job, Requester to, Piece piece, String fileId) {
    return new SendResult.Skipped();
  }

  /** The job will be tried again at {@code at}. */
  default void retrying(Job job, ErrorType cause, Instant at) {}

  /**
   * The job ended without media; tell those who wait, with the advice when there is one (what would
   * work instead).
   */
  default void failed(
      Job job, List<Requester> waiting, ErrorType type, String message, Optional<Advice> advice) {}

  /** The job was cancelled before it ended; tell those who wait (and by whom). */
  default void cancelled(Job job, List<Requester> waiting, boolean byAdmin) {}

  /** An observer that ignores everything, for headless runs. */
  JobObserver NONE = new JobObserver() {};

  /** The outcome of one send to one chat. */
  sealed interface SendResult {
    /** The chat has the media as {@code messageId}; {@code fileId} is Telegram's id for it. */
    record Sent(int messageId, String fileId) implements SendResult {}

    /** Nothing sends here (headless): the job ends without a Telegram copy. */
    record Skipped() implements SendResult {}

    /**
     * This chat cannot receive anything (it blocked the bot, was deleted, the bot was removed): no
     * retry for it; other chats are still served.
     */
    record ChatUnreachable(String reason, int httpStatus) implements SendResult {}

    /**
     * The send failed. {@code mayHaveArrived}: the request went out and no answer came back (a
     * timeout or a reset), so the chat may have the media after all.
     */
    record Failed(
        ErrorType type,
        String message,
        Optional<Integer> httpStatus,
        Optional<Duration> retryAfter,
        boolean mayHaveArrived)
        implements SendResult {}
  }
}
