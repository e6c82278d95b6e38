package archiver.core.jobs;

import archiver.config.AppConfig;
import archiver.core.events.EventRecorder;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.Requester;
import archiver.domain.Stage;
import archiver.logging.JobContext;
import archiver.logging.JobLog;
import archiver.storage.DeliveryRepository;
import archiver.storage.JobRepository;
import archiver.storage.TmpWorkspace;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs once at start-up, before the scheduler (docs/ARCHITECTURE.md, "Recovery"): the bot is one
 * process, so every job still RUNNING belonged to a process that died. It is scheduled again while
 * retries remain (a crash is not the job's fault) and failed as STALE when they are used up; its
 * partial files are removed. QUEUED jobs need nothing: the scheduler picks them up.
 */
public final class StartupRecovery {

  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

  private final JobRepository jobs;
  private final DeliveryRepository deliveries;
  private final JobStateMachine stateMachine;
  private final EventRecorder events;
  private final TmpWorkspace workspace;
  private final AppConfig.Retries retries;
  private final Clock clock;

  public StartupRecovery(
      JobRepository jobs,
      DeliveryRepository deliveries,
      JobStateMachine stateMachine,
      EventRecorder events,
      TmpWorkspace workspace,
      AppConfig.Retries retries,
      Clock clock) {
    this.jobs = jobs;
    this.deliveries = deliveries;
    this.stateMachine = stateMachine;
    this.events = events;
    this.workspace = workspace;
    this.retries = retries;
    this.clock = clock;
  }

  /** Returns how many RUNNING jobs were found. */
  public int run() {
    markInterruptedSends();
    List<Job> stale = jobs.findByStatus(JobStatus.RUNNING, Integer.MAX_VALUE);
    for (Job job : stale) {
      recover(job);
    }
    if (!stale.isEmpty()) {
      log.warn("recovered {} job(s) left RUNNING by a previous process", stale.size());
    }
    return stale.size();
  }

  /**
   * A send still marked in flight was cut by the stop: the chat may have the media. It is sent
   * again (better twice than never), and this event tells the operator why it may have arrived
   * twice — the only duplicate a crash can cause.
   */
  private void markInterruptedSends() {
    for (Requester r : deliveries.interruptedSends()) {
      LifecycleEvent.SendInterrupted event =
          new LifecycleEvent.SendInterrupted(r.chatId(), r.sendStartedAt());
      events.writeWith(
          r.jobId(),
          List.of(event),
          rows -> {
            deliveries.clearSendStarted(r.jobId(), r.chatId(), rows, clock.instant());
            return null;
          });
    }
  }

  private void recover(Job job) {
    // A file already made and validated is kept: the next attempt only sends it.
    boolean keepOutput =
        job.filePath() != null && job.media() != null && job.telegramFileId() == null;
    long freed = keepOutput ? 0 : workspace.deleteTmpDir(job.id());
    LifecycleEvent.Stale stale =
        new LifecycleEvent.Stale(
            job.retryCount(), job.startedAt(), freed, keepOutput ? job.filePath() : null);
    JobTransition change;
    if (job.telegramFileId() != null) {
      // A chat had received the upload: the job is done, and the fan-out serves the others.
      change = new JobTransition.RecoverCompleted(stale);
    } else if (job.retryCount() < retries.maxRetries()) {
      change = new JobTransition.RecoverPending(stale, clock.instant());
    } else {
      change = new JobTransition.RecoverFailed(stale);
    }
    try (JobLog.Scope scope = JobLog.open(JobContext.of(job), Stage.ORCHESTRATOR)) {
      stateMachine.transition(job.id(), change);
    }
  }
}
