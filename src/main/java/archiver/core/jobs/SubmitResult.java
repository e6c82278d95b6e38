package archiver.core.jobs;

import archiver.domain.Job;
import archiver.domain.RefusalReason;
import java.time.Instant;
import java.util.Optional;

/** What became of a request. */
public sealed interface SubmitResult {

  /** A new job, PENDING. */
  record Created(Job job) implements SubmitResult {}

  /**
   * The same media is already being fetched: the requester was attached to that job ({@code
   * attached} false when this chat was already waiting for it).
   */
  record Linked(Job job, boolean attached) implements SubmitResult {}

  /**
   * The media was delivered before: Telegram holds it. The chat now waits for it again and the
   * fan-out sends {@code job.telegramFileId()}: no download, no upload.
   */
  record Cached(Job job) implements SubmitResult {}

  /**
   * The update this request came from was handled before (Telegram sent it again): nothing to do.
   */
  record AlreadyHandled() implements SubmitResult {}

  /**
   * Refused; no job was stored.
   *
   * @param urlRefusal the guard's reason when {@code reason} is URL_REFUSED
   * @param freesAt when an hourly limit lets the next request through
   */
  record Rejected(
      RejectionReason reason,
      String detail,
      Optional<RefusalReason> urlRefusal,
      Optional<Instant> freesAt)
      implements SubmitResult {}
}
