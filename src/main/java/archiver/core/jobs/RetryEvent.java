package archiver.core.jobs;

import archiver.domain.EventType;
import archiver.domain.Stage;
import archiver.download.DownloadFailure;
import java.util.Collections;
import java.util.Map;

/**
 * What the worker decided after a failed attempt (docs/ARCHITECTURE.md, "Errors and retries"): try
 * again, wait for a live event to start, or give up and why.
 */
public sealed interface RetryEvent extends LifecycleEvent {
  /**
   * A failed attempt is tried again at {@code retry.at()}; {@code fileKept}: only the send failed.
   */
  record RetryScheduled(DownloadFailure failure, boolean fileKept, RetryPolicy.Retry retry)
      implements RetryEvent {
    @Override
    public EventType type() {
      return EventType.RETRY_SCHEDULED;
    }

    @Override
    public Stage stage() {
      return Stage.WORKER;
    }

    @Override
    public Map<String, ?> data() {
      Map<String, Object> data = LifecycleEvent.summary(failure);
      if (fileKept) {
        data.put("file_kept", true);
      }
      data.put("attempt", retry.attempt());
      data.put("delay_seconds", retry.delay().toSeconds());
      data.put("next_attempt_at", retry.at().toString());
      return Collections.unmodifiableMap(data);
    }
  }

  /** Why a failure ends the job although it came from an attempt that could have been retried. */
  sealed interface Verdict extends RetryEvent permits RetrySkipped, MaxRetriesReached {}

  /** The failure is not transient. */
  record RetrySkipped(DownloadFailure failure) implements Verdict {
    @Override
    public EventType type() {
      return EventType.RETRY_SKIPPED;
    }

    @Override
    public Stage stage() {
      return Stage.WORKER;
    }

    @Override
    public Map<String, ?> data() {
      Map<String, Object> data = LifecycleEvent.summary(failure);
      data.put("reason", "not retryable");
      return Collections.unmodifiableMap(data);
    }
  }

  /** The failure is transient but the retries are used up. */
  record MaxRetriesReached(DownloadFailure failure, int maxRetries) implements Verdict {
    @Override
    public EventType type() {
      return EventType.MAX_RETRIES_REACHED;
    }

    @Override
    public Stage stage() {
      return Stage.WORKER;
    }

    @Override
    public Map<String, ?> data() {
      Map<String, Object> data = LifecycleEvent.summary(failure);
      data.put("max_retries", maxRetries);
      return Collections.unmodifiableMap(data);
    }
  }

  /**
   * A live event or premiere has not started: the job waits for its start (a retry not counted) and
   * tries again then.
   */
  record WaitingForStart(DownloadFailure failure, RetryPolicy.WaitForStart schedule)
      implements RetryEvent {
    @Override
    public EventType type() {
      return EventType.WAITING_FOR_START;
    }

    @Override
    public Stage stage() {
      return Stage.WORKER;
    }

    @Override
    public Map<String, ?> data() {
      Map<String, Object> data = LifecycleEvent.summary(failure);
      data.put("starts_at", schedule.startsAt().toString());
      data.put("next_attempt_at", schedule.at().toString());
      data.put("counts_as_retry", false);
      return Collections.unmodifiableMap(data);
    }
  }
}
