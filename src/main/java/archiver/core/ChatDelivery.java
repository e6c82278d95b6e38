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

  /** How the first upload of a job's file went. */
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
   * Uploads the file to the first waiting chat that can take it. A chat that cannot receive
   * anything (it blocked the bot) is given up and the next one tried.
   */
  UploadOutcome uploadFirst(Job job, ReadyMedia media) {
    for (Requester r : deliveries.requesters(job.id())) {
      if (!r.waiting()) {
        continue;
      }
      Map<String, Object> started = chat(r);
      started.put("via", "upload");
      started.put("size_bytes", media.sizeBytes());
      EventRecorder.Event event = new EventRecorder.Event(Stage.TELEGRAM_SEND, EventType.TELEGRAM_SEND_STARTED, started);
      deliveries.sendStarted(job.id(), r.chatId(), events.rows(List.of(event)), clock.instant());
      try (JobLog.Scope scope = JobLog.open(JobService.context(job), Stage.TELEGRAM_SEND)) {
        JobLog.chat(r.chatId());
        events.logWritten(job.id(), List.of(event));
      }
      JobObserver.SendResult result = observer.upload(job, r, media);
      switch (result) {
        case JobObserver.SendResult.Sent sent -> {
          delivered(job, r, sent, "upload");
          return new UploadOutcome.Uploaded(sent.fileId());
        }
        case JobObserver.SendResult.Skipped skipped -> {
          // Headless (tests, fetch): the file is made, nothing sends it.
          Map<String, Object> data = chat(r);
          data.put("sent", false);
          EventRecorder.Event none = new EventRecorder.Event(Stage.TELEGRAM_SEND, EventType.TELEGRAM_SEND_FINISHED, data);
          deliveries.sendFailed(
              job.id(), r.chatId(), false, Optional.empty(), false, null, events.rows(List.of(none)), clock.instant());
          events.logWritten(job.id(), List.of(none));
          return new UploadOutcome.NothingToSend();
        }
        case JobObserver.SendResult.ChatUnreachable unreachable -> giveUp(job, r, unreachable);
        case JobObserver.SendResult.Failed failed -> {
          Map<String, Object> data = failureData(r, failed);
          recordFailure(job, r, failed.mayHaveArrived(), Optional.empty(), false, failed.message(), data);
          return new UploadOutcome.Failed(failed);
        }
      }
    }
    return new UploadOutcome.NothingToSend();
  }

  /**
   * Sends media Telegram holds to one waiting chat (the fan-out). A failure is retried for this
   * chat alone, after the configured back-off, until the retries are used up.
   */
  void resend(Job job, Requester r) {
    deliveries.sendStarted(job.id(), r.chatId(), List.of(), clock.instant());
    JobObserver.SendResult result = observer.resend(job, r);
    switch (result) {
      case JobObserver.SendResult.Sent sent -> delivered(job, r, sent, "file_id");
      case JobObserver.SendResult.Skipped skipped ->
          deliveries.sendFailed(job.id(), r.chatId(), false, Optional.empty(), true, "nothing sends here", List.of(), clock.instant());
      case JobObserver.SendResult.ChatUnreachable unreachable -> giveUp(job, r, unreachable);
      case JobObserver.SendResult.Failed failed -> {
        int attempt = r.sendAttempts() + 1;
        Map<String, Object> data = failureData(r, failed);
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

  private void delivered(Job job, Requester r, JobObserver.SendResult.Sent sent, String via) {
    Map<String, Object> data = chat(r);
    data.put("message_id", sent.messageId());
    data.put("via", via);
    data.put("file_id_stored", sent.fileId() != null);
    EventRecorder.Event event = new EventRecorder.Event(Stage.TELEGRAM_SEND, EventType.TELEGRAM_SEND_FINISHED, data);
    deliveries.delivered(job.id(), r.chatId(), sent.messageId(), sent.fileId(), events.rows(List.of(event)), clock.instant());
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
