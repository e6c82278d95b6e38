package archiver.core;

import archiver.domain.EventType;
import archiver.domain.JobStatus;
import archiver.domain.Stage;
import archiver.storage.JobChanges;
import archiver.storage.JobRepository;
import archiver.storage.TransitionOutcome;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/**
 * The only writer of {@code jobs.status} (ARCHITECTURE.md §6.2 plus DESIGN.md's {@code RUNNING ->
 * PENDING} for retries and recovery). Each change is a compare-and-set on the current status with
 * its STATUS_CHANGED event in the same transaction; a refused or lost change is logged as an
 * internal logic error and recorded, and changes nothing.
 */
public final class JobStateMachine {

  private static final Map<JobStatus, Set<JobStatus>> ALLOWED =
      Map.of(
          JobStatus.PENDING, Set.of(JobStatus.QUEUED, JobStatus.FAILED),
          JobStatus.QUEUED, Set.of(JobStatus.RUNNING, JobStatus.FAILED),
          JobStatus.RUNNING, Set.of(JobStatus.COMPLETED, JobStatus.FAILED, JobStatus.PENDING),
          JobStatus.COMPLETED, Set.of(),
          JobStatus.FAILED, Set.of());

  private final JobRepository jobs;
  private final EventRecorder events;
  private final Clock clock;

  public JobStateMachine(JobRepository jobs, EventRecorder events, Clock clock) {
    this.jobs = jobs;
    this.events = events;
    this.clock = clock;
  }

  public static boolean isAllowed(JobStatus from, JobStatus to) {
    return ALLOWED.get(from).contains(to);
  }

  public TransitionResult transition(
      long jobId, JobStatus from, JobStatus to, Map<String, ?> data) {
    return transition(jobId, from, to, data, JobChanges.none());
  }

  /** As {@link #transition(long, JobStatus, JobStatus, Map)}, writing {@code changes} too. */
  public TransitionResult transition(
      long jobId, JobStatus from, JobStatus to, Map<String, ?> data, JobChanges changes) {
    Map<String, Object> eventData = new LinkedHashMap<>();
    eventData.put("from", from.name());
    eventData.put("to", to.name());
    if (data != null) {
      eventData.putAll(data);
    }
    if (!isAllowed(from, to)) {
      eventData.put("reason", "transition not in the table");
      return refuse(jobId, EventType.ILLEGAL_TRANSITION, eventData, TransitionResult.ILLEGAL);
    }
    TransitionOutcome outcome =
        jobs.compareAndSetStatus(
            jobId, from, to, changes, events.toJson(eventData), clock.instant());
    return switch (outcome) {
      case TransitionOutcome.Applied applied -> {
        events.logWritten(jobId, Stage.ORCHESTRATOR, EventType.STATUS_CHANGED, eventData);
        yield TransitionResult.APPLIED;
      }
      case TransitionOutcome.Lost lost -> {
        eventData.put("actual", lost.actual().name());
        eventData.put("reason", "the job had already moved on");
        yield refuse(jobId, EventType.TRANSITION_LOST, eventData, TransitionResult.LOST);
      }
      case TransitionOutcome.NotFound notFound -> {
        eventData.put("reason", "no such job");
        events.logOnly(jobId, Stage.ORCHESTRATOR, EventType.TRANSITION_LOST, eventData);
        yield TransitionResult.NOT_FOUND;
      }
    };
  }

  private TransitionResult refuse(
      long jobId, EventType type, Map<String, Object> data, TransitionResult result) {
    if (jobs.findById(jobId).isEmpty()) {
      events.logOnly(jobId, Stage.ORCHESTRATOR, type, data);
      return TransitionResult.NOT_FOUND;
    }
    events.record(jobId, Stage.ORCHESTRATOR, type, data);
    return result;
  }
}
