package archiver.core;

import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.Stage;
import archiver.logging.JobLog;
import archiver.storage.JobChanges;
import archiver.storage.JobRepository;
import archiver.storage.TransitionOutcome;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The only writer of {@code jobs.status} (docs/ARCHITECTURE.md, "Job states", with its {@code
 * RUNNING -> PENDING} for retries and recovery). Each change is a compare-and-set on the current
 * status with its STATUS_CHANGED event in the same transaction; a refused or lost change is logged
 * as an internal logic error and recorded, and changes nothing.
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
    return transition(jobId, from, to, data, changes, List.of(), List.of());
  }

  /**
   * As {@link #transition(long, JobStatus, JobStatus, Map, JobChanges)}, with events written in
   * the same transaction: {@code before} the STATUS_CHANGED event (what happened anyway: written on
   * their own if the change is refused) and {@code after} it (what the change means: written only
   * if it is applied).
   */
  public TransitionResult transition(
      long jobId,
      JobStatus from,
      JobStatus to,
      Map<String, ?> data,
      JobChanges changes,
      List<EventRecorder.Event> before,
      List<EventRecorder.Event> after) {
    Map<String, Object> eventData = new LinkedHashMap<>();
    eventData.put("from", from.name());
    eventData.put("to", to.name());
    if (data != null) {
      eventData.putAll(data);
    }
    if (!isAllowed(from, to)) {
      eventData.put("reason", "transition not in the table");
      return refuse(jobId, EventType.ILLEGAL_TRANSITION, eventData, TransitionResult.ILLEGAL, before);
    }
    TransitionOutcome outcome =
        jobs.compareAndSetStatus(
            jobId, from, to, changes, events.toJson(eventData), events.rows(before), events.rows(after),
            clock.instant());
    return switch (outcome) {
      case TransitionOutcome.Applied applied -> {
        events.logWritten(jobId, before);
        events.logWritten(jobId, Stage.ORCHESTRATOR, EventType.STATUS_CHANGED, eventData);
        events.logWritten(jobId, after);
        yield TransitionResult.APPLIED;
      }
      case TransitionOutcome.Lost lost -> {
        eventData.put("actual", lost.actual().name());
        eventData.put("reason", "the job had already moved on");
        yield refuse(jobId, EventType.TRANSITION_LOST, eventData, TransitionResult.LOST, before);
      }
      case TransitionOutcome.NotFound notFound -> {
        eventData.put("reason", "no such job");
        events.logOnly(jobId, Stage.ORCHESTRATOR, EventType.TRANSITION_LOST, eventData);
        yield TransitionResult.NOT_FOUND;
      }
    };
  }

  /**
   * PENDING -> QUEUED for the due jobs one pick may start, oldest first, within {@code quota};
   * returns them as they now are (QUEUED). Each change has its STATUS_CHANGED event.
   */
  public List<Job> queueDue(JobRepository.ClaimQuota quota) {
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("from", JobStatus.PENDING.name());
    data.put("to", JobStatus.QUEUED.name());
    List<Job> queued = jobs.claimDuePending(clock.instant(), quota, events.toJson(data));
    for (Job job : queued) {
      try (JobLog.Scope scope = JobLog.open(JobService.context(job), Stage.ORCHESTRATOR)) {
        events.logWritten(job.id(), Stage.ORCHESTRATOR, EventType.STATUS_CHANGED, data);
      }
    }
    return queued;
  }

  private TransitionResult refuse(
      long jobId, EventType type, Map<String, Object> data, TransitionResult result,
      List<EventRecorder.Event> before) {
    if (jobs.findById(jobId).isEmpty()) {
      events.logOnly(jobId, Stage.ORCHESTRATOR, type, data);
      return TransitionResult.NOT_FOUND;
    }
    events.recordEach(jobId, before);
    events.record(jobId, Stage.ORCHESTRATOR, type, data);
    return result;
  }
}
