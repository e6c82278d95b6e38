package archiver.core.jobs;

import archiver.core.events.JobEvent;
import archiver.domain.ErrorType;
import archiver.domain.JobStatus;
import archiver.domain.Stage;
import archiver.download.DownloadFailure;
import archiver.storage.StatusColumns;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One change of a job's status (docs/ARCHITECTURE.md, "Job states"): from which status to which,
 * the columns written with it, and its events. {@link JobStateMachine#transition} applies one in
 * one transaction; nothing else says what a change writes.
 *
 * <p>{@link #before()} are events of what happened anyway (written before STATUS_CHANGED, and on
 * their own if the change is refused); {@link #after()} are what the change means (written only
 * when it is applied).
 */
public sealed interface JobTransition {

  JobStatus from();

  JobStatus to();

  /** The columns written with the status. */
  default StatusColumns columns() {
    return new StatusColumns.None();
  }

  /** What STATUS_CHANGED says besides {@code from} and {@code to}. */
  default Map<String, ?> note() {
    return Map.of();
  }

  default List<LifecycleEvent> before() {
    return List.of();
  }

  default List<LifecycleEvent> after() {
    return List.of();
  }

  default StatusEvent.StatusChanged statusChanged() {
    return new StatusEvent.StatusChanged(from(), to(), note());
  }

  /** Every event of the applied change, in the order it is written and logged. */
  default List<JobEvent> events() {
    List<JobEvent> all = new ArrayList<>(before());
    all.add(statusChanged());
    all.addAll(after());
    return List.copyOf(all);
  }

  /** The scheduler takes a due job (in bulk through {@link JobStateMachine#queueDue}). */
  record Queue() implements JobTransition {
    @Override
    public JobStatus from() {
      return JobStatus.PENDING;
    }

    @Override
    public JobStatus to() {
      return JobStatus.QUEUED;
    }
  }

  /** A worker starts the job ({@code started_at} is set). */
  record Start(String worker) implements JobTransition {
    @Override
    public JobStatus from() {
      return JobStatus.QUEUED;
    }

    @Override
    public JobStatus to() {
      return JobStatus.RUNNING;
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(new LifecycleEvent.WorkerAssigned(worker));
    }
  }

  /** Telegram holds every part, or nothing sends here (headless). */
  record Complete(LifecycleEvent.JobCompleted completed) implements JobTransition {
    @Override
    public JobStatus from() {
      return JobStatus.RUNNING;
    }

    @Override
    public JobStatus to() {
      return JobStatus.COMPLETED;
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(completed);
    }
  }

  /**
   * A retryable failure with retries left: PENDING again, one more retry counted, due at {@code
   * retry.at()}; {@code fileKept}: only the send failed and the next attempt sends the same file.
   */
  record Retry(DownloadFailure failure, RetryPolicy.Retry retry, boolean fileKept)
      implements JobTransition {
    @Override
    public JobStatus from() {
      return JobStatus.RUNNING;
    }

    @Override
    public JobStatus to() {
      return JobStatus.PENDING;
    }

    @Override
    public StatusColumns columns() {
      return new StatusColumns.Retry(
          retry.at(), failure.type(), failure.message(), failure.httpStatus().orElse(null));
    }

    @Override
    public Map<String, ?> note() {
      return JobEvent.fields("reason", "retry");
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(new RetryEvent.RetryScheduled(failure, fileKept, retry));
    }
  }

  /** A live event or premiere has not started: wait for it, not counting a retry. */
  record WaitForStart(DownloadFailure failure, RetryPolicy.WaitForStart schedule)
      implements JobTransition {
    @Override
    public JobStatus from() {
      return JobStatus.RUNNING;
    }

    @Override
    public JobStatus to() {
      return JobStatus.PENDING;
    }

    @Override
    public StatusColumns columns() {
      return new StatusColumns.Wait(schedule.at(), failure.type(), failure.message());
    }

    @Override
    public Map<String, ?> note() {
      return JobEvent.fields("reason", "waiting_for_start");
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(new RetryEvent.WaitingForStart(failure, schedule));
    }
  }

  /**
   * The worker's attempt ends the job: not retryable or retries used up ({@code verdict}), or
   * stopped, timed out or crashed (no verdict).
   */
  record Fail(DownloadFailure failure, Optional<RetryEvent.Verdict> verdict)
      implements JobTransition {
    static Fail notRetryable(DownloadFailure failure) {
      return new Fail(failure, Optional.of(new RetryEvent.RetrySkipped(failure)));
    }

    static Fail retriesUsedUp(DownloadFailure failure, int maxRetries) {
      return new Fail(failure, Optional.of(new RetryEvent.MaxRetriesReached(failure, maxRetries)));
    }

    static Fail ended(DownloadFailure failure) {
      return new Fail(failure, Optional.empty());
    }

    @Override
    public JobStatus from() {
      return JobStatus.RUNNING;
    }

    @Override
    public JobStatus to() {
      return JobStatus.FAILED;
    }

    @Override
    public StatusColumns columns() {
      return new StatusColumns.Failure(
          failure.type(), failure.message(), failure.httpStatus().orElse(null));
    }

    @Override
    public Map<String, ?> note() {
      return JobEvent.fields("error_type", failure.type().name());
    }

    @Override
    public List<LifecycleEvent> before() {
      return verdict.<List<LifecycleEvent>>map(List::of).orElse(List.of());
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(new LifecycleEvent.JobFailed(Stage.WORKER, failure, verdict));
    }
  }

  /**
   * A waiting job (PENDING or QUEUED) is cancelled before it runs; a RUNNING one is stopped by its
   * worker instead, which ends it with {@link Fail}.
   */
  record Cancel(JobStatus from, String by) implements JobTransition {
    public Cancel {
      if (from != JobStatus.PENDING && from != JobStatus.QUEUED) {
        throw new IllegalArgumentException("only a waiting job is cancelled here, not " + from);
      }
    }

    @Override
    public JobStatus to() {
      return JobStatus.FAILED;
    }

    @Override
    public StatusColumns columns() {
      return new StatusColumns.Failure(ErrorType.CANCELLED, "cancelled by " + by, null);
    }

    @Override
    public Map<String, ?> note() {
      return JobEvent.fields("by", by);
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(new LifecycleEvent.JobCancelled(by));
    }
  }

  /** Why start-up recovery changes a job: the bot stopped while it ran. */
  String STOPPED_WHILE_RUNNING = "the bot stopped while this job was running";

  /** Recovery: a job left RUNNING whose media Telegram already holds is done. */
  record RecoverCompleted(LifecycleEvent.Stale stale) implements JobTransition {
    @Override
    public JobStatus from() {
      return JobStatus.RUNNING;
    }

    @Override
    public JobStatus to() {
      return JobStatus.COMPLETED;
    }

    @Override
    public Map<String, ?> note() {
      return JobEvent.fields("reason", "recovery");
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(new LifecycleEvent.JobRecoveredStale(stale, true));
    }
  }

  /**
   * Recovery: a job left RUNNING with retries left is PENDING again, due {@code at}, as a retry.
   */
  record RecoverPending(LifecycleEvent.Stale stale, Instant at) implements JobTransition {
    @Override
    public JobStatus from() {
      return JobStatus.RUNNING;
    }

    @Override
    public JobStatus to() {
      return JobStatus.PENDING;
    }

    @Override
    public StatusColumns columns() {
      return new StatusColumns.Retry(at, ErrorType.STALE, STOPPED_WHILE_RUNNING, null);
    }

    @Override
    public Map<String, ?> note() {
      return JobEvent.fields("reason", "recovery");
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(new LifecycleEvent.JobRecoveredStale(stale, false));
    }
  }

  /** Recovery: a job left RUNNING with no retries left fails as STALE. */
  record RecoverFailed(LifecycleEvent.Stale stale) implements JobTransition {
    @Override
    public JobStatus from() {
      return JobStatus.RUNNING;
    }

    @Override
    public JobStatus to() {
      return JobStatus.FAILED;
    }

    @Override
    public StatusColumns columns() {
      return new StatusColumns.Failure(
          ErrorType.STALE, STOPPED_WHILE_RUNNING + " and its retries are used up", null);
    }

    @Override
    public Map<String, ?> note() {
      return JobEvent.fields("reason", "recovery");
    }

    @Override
    public List<LifecycleEvent> after() {
      return List.of(
          new LifecycleEvent.StaleJobMarkedFailed(stale),
          new LifecycleEvent.JobFailed(
              Stage.ORCHESTRATOR,
              DownloadFailure.of(ErrorType.STALE, STOPPED_WHILE_RUNNING),
              Optional.empty()));
    }
  }

  /**
   * A status change and nothing else, with {@code note} in its STATUS_CHANGED: what tests and tools
   * use to walk a job through the table, and the only member that can ask for a change not in it
   * (the state machine refuses it). The bot's own code never makes one (ArchitectureTest).
   */
  record StatusOnly(JobStatus from, JobStatus to, Map<String, ?> note) implements JobTransition {
    public StatusOnly {
      note = note == null ? Map.of() : Collections.unmodifiableMap(new LinkedHashMap<>(note));
    }
  }
}
