package archiver.core.jobs;

import archiver.core.events.JobEvent;
import archiver.domain.EventType;
import archiver.domain.JobType;
import archiver.domain.SourceType;
import archiver.domain.Stage;
import archiver.download.DownloadFailure;
import java.time.Instant;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The events of a job's life outside the pipeline stages and the sends (docs/ARCHITECTURE.md,
 * "Events"): creation, requesters, the worker, archiving, retries, the end, recovery and cleanup
 * (status changes and their refusals are {@link StatusEvent}s). Each record writes the same keys,
 * in the same order, as the operators' timeline has always shown.
 */
public sealed interface LifecycleEvent extends JobEvent
    permits LifecycleEvent.JobCreated,
        LifecycleEvent.LeaseTakenOver,
        LifecycleEvent.RequesterAttached,
        LifecycleEvent.WorkerAssigned,
        LifecycleEvent.OutputReused,
        LifecycleEvent.Archived,
        LifecycleEvent.JobCompleted,
        LifecycleEvent.JobFailed,
        LifecycleEvent.JobCancelled,
        LifecycleEvent.JobRecoveredStale,
        LifecycleEvent.StaleJobMarkedFailed,
        LifecycleEvent.SendInterrupted,
        RetryEvent {

  /** A request was accepted and made a PENDING job. */
  record JobCreated(
      String url,
      String normalizedUrl,
      String fetchUrl,
      SourceType sourceType,
      JobType jobType,
      String quality)
      implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.JOB_CREATED;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "url",
          url,
          "normalized_url",
          normalizedUrl,
          "fetch_url",
          fetchUrl,
          "source_type",
          sourceType.name(),
          "job_type",
          jobType.name(),
          "quality",
          quality);
    }
  }

  /**
   * A chat joined a job's requesters; {@code fromTelegramCopy}: the job is done and the chat is
   * served from Telegram's copy.
   */
  record RequesterAttached(Long chatId, Long userId, boolean fromTelegramCopy)
      implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.REQUESTER_ATTACHED;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      // A request without a user (a channel post) has always said so: "user_id": null.
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("chat_id", chatId);
      data.put("user_id", userId);
      if (fromTelegramCopy) {
        data.put("answered_from", "telegram_copy");
      }
      return Collections.unmodifiableMap(data);
    }
  }

  /** A worker thread took the job. */
  record WorkerAssigned(String worker) implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.WORKER_ASSIGNED;
    }

    @Override
    public Stage stage() {
      return Stage.WORKER;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("worker", worker);
    }
  }

  /** A retry sends the files an earlier attempt made instead of fetching them again. */
  record OutputReused(String filePath, int parts) implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.OUTPUT_REUSED;
    }

    @Override
    public Stage stage() {
      return Stage.WORKER;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("file_path", filePath, "parts", parts);
    }
  }

  /**
   * The files went into the archive: {@code filePath} the first, {@code filePaths} all of them
   * (only for parts), {@code error} why one could not. When none could, only the error is there.
   */
  record Archived(String filePath, List<String> filePaths, String error) implements LifecycleEvent {
    /**
     * No part could be archived; {@code error} is the last reason (text "null" if there is none).
     */
    static Archived nothing(String error) {
      return new Archived(null, null, String.valueOf(error));
    }

    @Override
    public EventType type() {
      return EventType.ARCHIVED;
    }

    @Override
    public Stage stage() {
      return Stage.WORKER;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("file_path", filePath, "file_paths", filePaths, "error", error);
    }
  }

  /** The job is done; {@code parts} only when there are several. */
  record JobCompleted(
      String filePath,
      long sizeBytes,
      Integer parts,
      boolean archived,
      boolean telegramCopy,
      long chatsStillWaiting)
      implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.JOB_COMPLETED;
    }

    @Override
    public Stage stage() {
      return Stage.WORKER;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "file_path",
          filePath,
          "size_bytes",
          sizeBytes,
          "parts",
          parts,
          "archived",
          archived,
          "telegram_copy",
          telegramCopy,
          "chats_still_waiting",
          chatsStillWaiting);
    }
  }

  /**
   * The job ended FAILED. Its data are the verdict's when there is one (an operator reads the same
   * fields on both lines), else the failure alone.
   */
  record JobFailed(Stage stage, DownloadFailure failure, Optional<RetryEvent.Verdict> verdict)
      implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.JOB_FAILED;
    }

    @Override
    public Map<String, ?> data() {
      return verdict
          .<Map<String, ?>>map(RetryEvent.Verdict::data)
          .orElseGet(() -> Collections.unmodifiableMap(summary(failure)));
    }
  }

  /** An owner or an admin cancelled the job. */
  record JobCancelled(String by) implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.JOB_CANCELLED;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("by", by);
    }
  }

  /**
   * What start-up recovery found of a job left RUNNING: its retries so far, since when it ran, the
   * tmp bytes removed, and the file kept for the next attempt (null: none).
   */
  /**
   * @param owner the process whose lease expired (null: none recorded, e.g. the job was left by a
   *     version before leases)
   */
  record Stale(
      int retryCount, Instant runningSince, long tmpBytesRemoved, String fileKept, String owner) {

    Stale(int retryCount, Instant runningSince, long tmpBytesRemoved, String fileKept) {
      this(retryCount, runningSince, tmpBytesRemoved, fileKept, null);
    }

    Map<String, Object> fields() {
      Map<String, Object> data = new LinkedHashMap<>();
      if (owner != null) {
        data.put("owner", owner);
      }
      data.put("retry_count", retryCount);
      data.put("running_since", String.valueOf(runningSince));
      data.put("tmp_bytes_removed", tmpBytesRemoved);
      if (fileKept != null) {
        data.put("file_kept", fileKept);
      }
      return data;
    }
  }

  /** A job left RUNNING is COMPLETED ({@code telegramCopy}) or PENDING again. */
  record JobRecoveredStale(Stale stale, boolean telegramCopy) implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.JOB_RECOVERED_STALE;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      Map<String, Object> data = stale.fields();
      if (telegramCopy) {
        data.put("telegram_copy", true);
      }
      return Collections.unmodifiableMap(data);
    }
  }

  /** A job left RUNNING had no retries left and failed as STALE. */
  record StaleJobMarkedFailed(Stale stale) implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.STALE_JOB_MARKED_FAILED;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      return Collections.unmodifiableMap(stale.fields());
    }
  }

  /**
   * A QUEUED job's process stopped renewing its lease before a worker started it: it is now leased
   * to {@code to} and waits for a worker there.
   */
  record LeaseTakenOver(String from, String to) implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.LEASE_TAKEN_OVER;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("from_owner", String.valueOf(from), "to_owner", to);
    }
  }

  /** A send was in flight when the process stopped: the chat may have the media twice. */
  record SendInterrupted(long chatId, Instant sendStartedAt) implements LifecycleEvent {
    @Override
    public EventType type() {
      return EventType.TELEGRAM_SEND_INTERRUPTED;
    }

    @Override
    public Stage stage() {
      return Stage.TELEGRAM_SEND;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "chat_id",
          chatId,
          "send_started_at",
          String.valueOf(sendStartedAt),
          "may_be_duplicate",
          true);
    }
  }

  /**
   * What every failure event says first: its type, its message and, when known, the HTTP status.
   */
  static Map<String, Object> summary(DownloadFailure failure) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("error_type", failure.type().name());
    data.put("message", failure.message());
    failure.httpStatus().ifPresent(s -> data.put("http_status", s));
    return data;
  }
}
