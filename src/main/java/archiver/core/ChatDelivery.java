package archiver.core;

import archiver.config.AppConfig;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.Requester;
import archiver.domain.Stage;
import archiver.logging.JobLog;
import archiver.storage.DeliveryRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One send to one chat, committed as it happens: the in-flight mark before the send, then the
 * chat's message id and Telegram's file_id right after Telegram answered, with a
 * TELEGRAM_SEND_FINISHED event naming the chat — before the next chat is served. After a crash
 * only chats not yet served are sent to, and the one send that was in flight is marked (see
 * {@link StartupRecovery}).
 */
final class ChatDelivery {

  /** How the first upload of a job's files went. */
  sealed interface UploadOutcome {
    /** A chat has the file; Telegram's {@code fileId} serves every other chat. */
    record Uploaded(String fileId) implements UploadOutcome {}

    /** No chat waits (or none could take it), or nothing sends here (headless). */
    record NothingToSend() implements UploadOutcome {}

    /** Telegram failed the upload; the job decides whether to try again. */
    record Failed(JobObserver.SendResult.Failed failure) implements UploadOutcome {}
  }

  private final DeliveryRepository deliveries;
  private final EventRecorder events;
  private final JobObserver observer;
  private final AppConfig.Retries retries;
  private final Clock clock;

  ChatDelivery(
      DeliveryRepository deliveries, EventRecorder events, JobObserver observer, AppConfig.Retries retries, Clock clock) {
    this.deliveries = deliveries;
    this.events = events;
    this.observer = observer;
    this.retries = retries;
    this.clock = clock;
  }

  /**
   * Uploads the files (one, or the parts in order) to the first waiting chat that can take them,
   * part after part, each committed as it arrives; a part Telegram holds already (an attempt
   * before a crash uploaded it) is sent by its file_id. A chat that cannot receive anything (it
   * blocked the bot) is given up and the next one served.
   */
  UploadOutcome uploadFirst(Job job, List<ReadyMedia> parts) {
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
        Map<String, Object> started = chat(current);
        putPiece(started, piece);
        started.put("via", copy != null ? "file_id" : "upload");
        started.put("size_bytes", media.sizeBytes());
        EventRecorder.Event event = new EventRecorder.Event(Stage.TELEGRAM_SEND, EventType.TELEGRAM_SEND_STARTED, started);
        deliveries.sendStarted(job.id(), current.chatId(), events.rows(List.of(event)), clock.instant());
        try (JobLog.Scope scope = JobLog.open(JobService.context(job), Stage.TELEGRAM_SEND)) {
          JobLog.chat(current.chatId());
          events.logWritten(job.id(), List.of(event));
        }
        JobObserver.SendResult result =
            copy != null ? observer.resend(job, current, piece, copy) : observer.upload(job, current, media, piece);
        switch (result) {
          case JobObserver.SendResult.Sent sent -> {
            delivered(job, current, piece, sent, copy != null ? "file_id" : "upload");
            if (sent.fileId() != null) {
              held.putIfAbsent(index, sent.fileId());
            }
          }
          case JobObserver.SendResult.Skipped skipped -> {
            // Headless (tests, fetch): the file is made, nothing sends it.
            Map<String, Object> data = chat(current);
            data.put("sent", false);
            EventRecorder.Event none = new EventRecorder.Event(Stage.TELEGRAM_SEND, EventType.TELEGRAM_SEND_FINISHED, data);
            deliveries.sendFailed(
                job.id(), current.chatId(), false, Optional.empty(), false, null, events.rows(List.of(none)),
                clock.instant());
            events.logWritten(job.id(), List.of(none));
            return new UploadOutcome.NothingToSend();
          }
          case JobObserver.SendResult.ChatUnreachable unreachable -> {
            giveUp(job, current, unreachable);
            gaveUp = true;
          }
          case JobObserver.SendResult.Failed failed -> {
            Map<String, Object> data = failureData(current, failed);
            putPiece(data, piece);
            recordFailure(job, current, failed.mayHaveArrived(), Optional.empty(), false, failed.message(), data);
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
   * the part after). A failure is retried for this chat alone, after the configured back-off,
   * until the retries are used up.
   */
  void resend(Job job, Requester r) {
    Piece piece = new Piece(Math.min(r.partsSent() + 1, job.partCount()), job.partCount());
    String fileId = deliveries.partFileIds(job.id()).get(piece.index());
    if (fileId == null && piece.index() == 1) {
      fileId = job.telegramFileId(); // delivered before parts were recorded per part
    }
    if (fileId == null) {
      Map<String, Object> data = chat(r);
      putPiece(data, piece);
      data.put("message", "Telegram holds no copy of this part");
      data.put("gave_up", true);
      recordFailure(job, r, false, Optional.empty(), true, "no copy of part " + piece.index(), data);
      return;
    }
    deliveries.sendStarted(job.id(), r.chatId(), List.of(), clock.instant());
    JobObserver.SendResult result = observer.resend(job, r, piece, fileId);
    switch (result) {
      case JobObserver.SendResult.Sent sent -> delivered(job, r, piece, sent, "file_id");
      case JobObserver.SendResult.Skipped skipped ->
          deliveries.sendFailed(job.id(), r.chatId(), false, Optional.empty(), true, "nothing sends here", List.of(), clock.instant());
      case JobObserver.SendResult.ChatUnreachable unreachable -> giveUp(job, r, unreachable);
      case JobObserver.SendResult.Failed failed -> {
        int attempt = r.sendAttempts() + 1;
        Map<String, Object> data = failureData(r, failed);
        putPiece(data, piece);
        data.put("attempt", attempt);
        if (failed.type().isRetryable() && attempt <= retries.maxRetries()) {
          Duration delay = retries.backoffFor(attempt);
          if (failed.retryAfter().isPresent() && failed.retryAfter().get().compareTo(delay) > 0) {
            delay = failed.retryAfter().get();
          }
          Instant at = clock.instant().plus(delay);
          data.put("next_attempt_at", at.toString());
          recordFailure(job, r, failed.mayHaveArrived(), Optional.of(at), false, failed.message(), data);
        } else {
          data.put("gave_up", true);
          recordFailure(job, r, false, Optional.empty(), true, failed.message(), data);
        }
      }
    }
  }

  private static void putPiece(Map<String, Object> data, Piece piece) {
    if (!piece.isOnly()) {
      data.put("part", piece.index());
      data.put("parts", piece.count());
    }
  }

  private void delivered(Job job, Requester r, Piece piece, JobObserver.SendResult.Sent sent, String via) {
    Map<String, Object> data = chat(r);
    putPiece(data, piece);
    data.put("message_id", sent.messageId());
    data.put("via", via);
    data.put("file_id_stored", sent.fileId() != null);
    EventRecorder.Event event = new EventRecorder.Event(Stage.TELEGRAM_SEND, EventType.TELEGRAM_SEND_FINISHED, data);
    deliveries.partDelivered(
        job.id(), r.chatId(), piece.index(), piece.count(), sent.messageId(), sent.fileId(), events.rows(List.of(event)),
        clock.instant());
    try (JobLog.Scope scope = JobLog.open(JobService.context(job), Stage.TELEGRAM_SEND)) {
      JobLog.chat(r.chatId());
      events.logWritten(job.id(), List.of(event));
    }
  }

  private void giveUp(Job job, Requester r, JobObserver.SendResult.ChatUnreachable unreachable) {
    Map<String, Object> data = chat(r);
    data.put("http_status", unreachable.httpStatus());
    data.put("message", unreachable.reason());
    data.put("gave_up", true);
    recordFailure(job, r, false, Optional.empty(), true, unreachable.reason(), data);
  }

  private void recordFailure(
      Job job, Requester r, boolean mayHaveArrived, Optional<Instant> retryAt, boolean giveUp, String error,
      Map<String, Object> data) {
    EventRecorder.Event event = new EventRecorder.Event(Stage.TELEGRAM_SEND, EventType.TELEGRAM_SEND_FAILED, data);
    deliveries.sendFailed(
        job.id(), r.chatId(), mayHaveArrived, retryAt, giveUp, error, events.rows(List.of(event)), clock.instant());
    try (JobLog.Scope scope = JobLog.open(JobService.context(job), Stage.TELEGRAM_SEND)) {
      Object type = data.get("error_type");
      Object http = data.get("http_status");
      JobLog.chat(r.chatId());
      JobLog.error(
          type == null ? null : archiver.domain.ErrorType.valueOf(type.toString()), http instanceof Integer i ? i : null);
      events.logWritten(job.id(), List.of(event));
    }
  }

  private static Map<String, Object> failureData(Requester r, JobObserver.SendResult.Failed failed) {
    Map<String, Object> data = chat(r);
    data.put("error_type", failed.type().name());
    data.put("message", failed.message());
    failed.httpStatus().ifPresent(s -> data.put("http_status", s));
    failed.retryAfter().ifPresent(d -> data.put("retry_after_seconds", d.toSeconds()));
    if (failed.mayHaveArrived()) {
      data.put("may_have_arrived", true);
    }
    return data;
  }

  private static Map<String, Object> chat(Requester r) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("chat_id", r.chatId());
    return data;
  }
}
