package archiver.core.jobs;

import archiver.core.events.EventRecorder;
import archiver.core.events.JobEvent;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.Stage;
import archiver.logging.JobContext;
import archiver.logging.JobLog;
import archiver.storage.JobRepository;
import archiver.storage.OwnerCheck;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The only writer of {@code jobs.status} (docs/ARCHITECTURE.md, "Job states", with its {@code
 * RUNNING -> PENDING} for retries and recovery). Each change is a {@link JobTransition}, applied as
 * a compare-and-set on the status it expects, with its columns and its events in the same
 * transaction; the events' log lines follow the commit. A refused or lost change is logged as an
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
  private final String self;
  private final EventRecorder events;
  private final Clock clock;

  public JobStateMachine(JobRepository jobs, EventRecorder events, Clock clock) {
    this(jobs, events, null, clock);
  }

  /**
   * @param self the process this machine works for: the jobs it takes are leased to it, and its
   *     workers' changes apply only to jobs still leased to it (null: the only process)
   */
  public JobStateMachine(JobRepository jobs, EventRecorder events, String self, Clock clock) {
    this.self = self;
    this.jobs = jobs;
    this.events = events;
    this.clock = clock;
  }

  public static boolean isAllowed(JobStatus from, JobStatus to) {
    return ALLOWED.get(from).contains(to);
  }

  /**
   * Applies {@code change} to the job if it is in the table and the row still has its {@code from}.
   */
  public TransitionResult transition(long jobId, JobTransition change) {
    StatusEvent.StatusChanged attempted = change.statusChanged();
    if (!isAllowed(change.from(), change.to())) {
      return refuse(
          jobId, change, new StatusEvent.IllegalTransition(attempted), TransitionResult.ILLEGAL);
    }
    List<JobEvent> written = change.events();
    JobRepository.StatusSwap swap =
        jobs.compareAndSetStatus(
            jobId,
            change.from(),
            change.to(),
            change.columns(),
            leaseOf(change),
            events.rows(written),
            clock.instant());
    Optional<JobStatus> found = swap.found();
    if (found.isEmpty()) {
      events.logOnly(jobId, new StatusEvent.TransitionLost(attempted, Optional.empty()));
      return TransitionResult.NOT_FOUND;
    }
    if (!swap.applied()) {
      // With the same status, the job's lease had moved: another process took it over.
      return refuse(
          jobId, change, new StatusEvent.TransitionLost(attempted, found), TransitionResult.LOST);
    }
    events.logWritten(jobId, written);
    return TransitionResult.APPLIED;
  }

  /**
   * {@link JobTransition.Queue} for the due jobs one pick may start, oldest first, within {@code
   * quota}; returns them as they now are (QUEUED). Each change has its STATUS_CHANGED event.
   */
  public List<Job> queueDue(JobRepository.ClaimQuota quota) {
    List<JobEvent> written = new JobTransition.Queue().events();
    List<Job> queued = jobs.claimDuePending(clock.instant(), self, quota, events.rows(written));
    for (Job job : queued) {
      try (JobLog.Scope scope = JobLog.open(JobContext.of(job), Stage.ORCHESTRATOR)) {
        events.logWritten(job.id(), written);
      }
    }
    return queued;
  }

  /**
   * Whose lease the change expects: a cancel of a waiting job is anyone's; recovery expects the
   * lease that expired still in place; everything else is the job's worker, here.
   */
  private OwnerCheck leaseOf(JobTransition change) {
    return switch (change) {
      case JobTransition.Cancel cancel -> new OwnerCheck.Any();
      case JobTransition.RecoverCompleted r -> new OwnerCheck.LeftBy(r.stale().owner());
      case JobTransition.RecoverPending r -> new OwnerCheck.LeftBy(r.stale().owner());
      case JobTransition.RecoverFailed r -> new OwnerCheck.LeftBy(r.stale().owner());
      default -> new OwnerCheck.HeldBy(self);
    };
  }

  /** Records the events that happened anyway, then the refusal (only logged: no such job). */
  private TransitionResult refuse(
      long jobId, JobTransition change, StatusEvent refusal, TransitionResult result) {
    if (jobs.findById(jobId).isEmpty()) {
      events.logOnly(jobId, refusal);
      return TransitionResult.NOT_FOUND;
    }
    events.recordEach(jobId, change.before());
    events.record(jobId, refusal);
    return result;
  }
}
