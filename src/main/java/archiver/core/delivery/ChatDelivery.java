package archiver.core.delivery;

import archiver.config.AppConfig;
import archiver.core.events.EventRecorder;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.Job;
import archiver.domain.Requester;
import archiver.domain.Stage;
import archiver.logging.JobContext;
import archiver.logging.JobLog;
import archiver.storage.DeliveryRepository;
import archiver.storage.NewEvent;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One send to one chat, committed as it happens: the in-flight mark before the send, then the
 * chat's message id and Telegram's file_id right after Telegram answered, with a
 * TELEGRAM_SEND_FINISHED event naming the chat — before the next chat is served. After a crash only
 * chats not yet served are sent to, and the one send that was in flight is marked (see {@link
 * StartupRecovery}).
 */
public final class ChatDelivery {

  /** How the first upload of a job's files went. */
  public sealed interface UploadOutcome {
    /** A chat has the file; Telegram's {@code fileId} serves every other chat. */
    record Uploaded(String fileId) implements UploadOutcome {}

    /** No chat waits (or none could take it), or nothing sends here (headless). */
    record NothingToSend() implements UploadOutcome {}

    /** Telegram failed the upload; the job decides whether to try again. */
    record Failed(JobObserver.SendResult.Failed failure) implements UploadOutcome {}
  }

  private final DeliveryRepository deliveries;
  private final String self;
  private final EventRecorder events;
  private final JobObserver observer;
  private final AppConfig.Retries retries;
  private final Clock clock;

  public ChatDelivery(
      DeliveryRepository deliveries,
      EventRecorder events,
      JobObserver observer,
      AppConfig.Retries retries,
      Clock clock) {
    this(deliveries, events, observer, retries, null, clock);
  }

  /**
   * @param self the process whose sends these are (null: the only one)
   */
  public ChatDelivery(
      DeliveryRepository deliveries,
      EventRecorder events,
      JobObserver observer,
      AppConfig.Retries retries,
      String self,
      Clock clock) {
    this.self = self;
    this.deliveries = deliveries;
    this.events = events;
    this.observer = observer;
    this.retries = retries;
    this.clock = clock;
  }

  /**
   * Uploads the files (one, or the parts in order) to the first waiting chat that can take them,
   * part after part, each committed as it arrives; a part Telegram holds already (an attempt before
   * a crash uploaded it) is sent by its file_id. A chat that cannot receive anything (it blocked
   * the bot) is given up and the next one served.
   */
  public UploadOutcome uploadFirst(Job job, List<ReadyMedia> parts) {
    int count = parts.size();
    Map<Integer, String> held = new java.util.HashMap<>(deliveries.partFileIds(job.id()));
    for (Requester r : deliveries.requesters(job.id())) {
      if (!r.waiting()) {
        continue;
      }
      Requester current = r;
      boolean gaveUp = false;
      for (int index = r.partsSent() + 1; index <= count && !gaveUp; index++) {
        Piece piece = new Piece(index, count);
        ReadyMedia media = parts.get(index - 1);
        String copy = held.get(index);
        DeliveryEvent.Via via = copy != null ? DeliveryEvent.Via.FILE_ID : DeliveryEvent.Via.UPLOAD;
        long chatId = current.chatId();
        record(
            job,
            new DeliveryEvent.TelegramSendStarted(chatId, piece, via, media.sizeBytes()),
            rows -> deliveries.sendStarted(job.id(), chatId, self, rows, clock.instant()));
        JobObserver.SendResult result =
            copy != null
                ? observer.resend(job, current, piece, copy)
                : observer.upload(job, current, media, piece);
        switch (result) {
          case JobObserver.SendResult.Sent sent -> {
            delivered(job, current, piece, sent, via);
            if (sent.fileId() != null) {
              held.putIfAbsent(index, sent.fileId());
            }
          }
          case JobObserver.SendResult.Skipped skipped -> {
            // Headless (tests, fetch): the file is made, nothing sends it.
            record(
                job,
                new DeliveryEvent.NothingSent(chatId),
                rows ->
                    deliveries.sendFailed(
                        job.id(),
                        chatId,
                        false,
                        Optional.empty(),
                        false,
                        null,
                        rows,
                        clock.instant()));
            return new UploadOutcome.NothingToSend();
          }
          case JobObserver.SendResult.ChatUnreachable unreachable -> {
            giveUp(job, current, unreachable);
            gaveUp = true;
          }
          case JobObserver.SendResult.Failed failed -> {
            recordFailure(
                job,
                failed.mayHaveArrived(),
                Optional.empty(),
                false,
                failed.message(),
                new DeliveryEvent.UploadFailed(chatId, piece, failed));
            return new UploadOutcome.Failed(failed);
          }
        }
      }
      if (!gaveUp) {
        return new UploadOutcome.Uploaded(held.get(1));
      }
    }
    return new UploadOutcome.NothingToSend();
  }

  /**
   * Sends the next part a waiting chat lacks, from Telegram's copy (the fan-out; it comes back for
   * the part after). A failure is retried for this chat alone, after the configured back-off, until
   * the retries are used up.
   */
  void resend(Job job, Requester r) {
    Piece piece = new Piece(Math.min(r.partsSent() + 1, job.partCount()), job.partCount());
    String fileId = deliveries.partFileIds(job.id()).get(piece.index());
    if (fileId == null && piece.index() == 1) {
      fileId = job.telegramFileId(); // delivered before parts were recorded per part
    }
    if (fileId == null) {
      recordFailure(
          job,
          false,
          Optional.empty(),
          true,
          "no copy of part " + piece.index(),
          new DeliveryEvent.NoCopyOfPart(r.chatId(), piece));
      return;
    }
    deliveries.sendStarted(job.id(), r.chatId(), self, List.of(), clock.instant());
    JobObserver.SendResult result = observer.resend(job, r, piece, fileId);
    switch (result) {
      case JobObserver.SendResult.Sent sent ->
          delivered(job, r, piece, sent, DeliveryEvent.Via.FILE_ID);
      case JobObserver.SendResult.Skipped skipped ->
          deliveries.sendFailed(
              job.id(),
              r.chatId(),
              false,
              Optional.empty(),
              true,
              "nothing sends here",
              List.of(),
              clock.instant());
      case JobObserver.SendResult.ChatUnreachable unreachable -> giveUp(job, r, unreachable);
      case JobObserver.SendResult.Failed failed -> {
        int attempt = r.sendAttempts() + 1;
        if (failed.type().isRetryable() && attempt <= retries.maxRetries()) {
          Duration delay = retries.backoffFor(attempt);
          if (failed.retryAfter().isPresent() && failed.retryAfter().get().compareTo(delay) > 0) {
            delay = failed.retryAfter().get();
          }
          Instant at = clock.instant().plus(delay);
          recordFailure(
              job,
              failed.mayHaveArrived(),
              Optional.of(at),
              false,
              failed.message(),
              new DeliveryEvent.ResendFailed(r.chatId(), piece, failed, attempt, Optional.of(at)));
        } else {
          recordFailure(
              job,
              false,
              Optional.empty(),
              true,
              failed.message(),
              new DeliveryEvent.ResendFailed(r.chatId(), piece, failed, attempt, Optional.empty()));
        }
      }
    }
  }

  private void delivered(
      Job job, Requester r, Piece piece, JobObserver.SendResult.Sent sent, DeliveryEvent.Via via) {
    record(
        job,
        new DeliveryEvent.TelegramSendFinished(
            r.chatId(), piece, sent.messageId(), via, sent.fileId() != null),
        rows ->
            deliveries.partDelivered(
                job.id(),
                r.chatId(),
                piece.index(),
                piece.count(),
                sent.messageId(),
                sent.fileId(),
                rows,
                clock.instant()));
  }

  private void giveUp(Job job, Requester r, JobObserver.SendResult.ChatUnreachable unreachable) {
    recordFailure(
        job,
        false,
        Optional.empty(),
        true,
        unreachable.reason(),
        new DeliveryEvent.ChatGivenUp(r.chatId(), unreachable.httpStatus(), unreachable.reason()));
  }

  private void recordFailure(
      Job job,
      boolean mayHaveArrived,
      Optional<Instant> retryAt,
      boolean giveUp,
      String error,
      DeliveryEvent.SendFailed event) {
    record(
        job,
        event,
        rows ->
            deliveries.sendFailed(
                job.id(),
                event.chatId(),
                mayHaveArrived,
                retryAt,
                giveUp,
                error,
                rows,
                clock.instant()));
  }

  /**
   * Writes the event with the chat's change ({@code change} hands its row to the store) and logs it
   * after the commit, with the job, the chat and what failed in the log line's context.
   */
  private void record(
      Job job, DeliveryEvent event, java.util.function.Consumer<List<NewEvent>> change) {
    try (JobLog.Scope scope = JobLog.open(JobContext.of(job), Stage.TELEGRAM_SEND)) {
      JobLog.chat(event.chatId());
      if (event instanceof DeliveryEvent.SendFailed failed) {
        JobLog.error(failed.errorType().orElse(null), failed.httpStatus().orElse(null));
      }
      events.writeWith(
          job.id(),
          List.of(event),
          rows -> {
            change.accept(rows);
            return null;
          });
    }
  }
}
