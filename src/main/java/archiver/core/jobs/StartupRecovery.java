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
import archiver.storage.JobLeases;
import archiver.storage.ProcessRepository;
import archiver.storage.TmpWorkspace;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Takes over what processes that stopped left (docs/ARCHITECTURE.md, "Recovery"): at start-up,
 * before the scheduler, and — when the queue is shared with other processes — every heartbeat, for
 * the jobs of a process whose lease expired. On SQLite the instance lock means no other process
 * runs, so everything another process held is left over. A RUNNING job is scheduled again while
 * retries remain (a crash is not the job's fault) and failed as STALE when they are used up; its
 * partial files here are removed. A QUEUED job is leased to this process and waits for a worker
 * here. A send that was in flight may have arrived: it is sent again, and marked.
 */
public final class StartupRecovery {

  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

  private static final Instant NO_ONE = Instant.ofEpochMilli(Long.MAX_VALUE);

  private final JobLeases leases;
  private final ProcessRepository processes;
  private final DeliveryRepository deliveries;
  private final JobStateMachine stateMachine;
  private final EventRecorder events;
  private final TmpWorkspace workspace;
  private final AppConfig.Retries retries;
  private final LeaseSettings settings;
  private final String self;
  private final Consumer<Job> adopt;
  private final Clock clock;

  /**
   * @param adopt takes a QUEUED job now leased to this process (the scheduler's queue)
   */
  public StartupRecovery(
      JobLeases leases,
      ProcessRepository processes,
      DeliveryRepository deliveries,
      JobStateMachine stateMachine,
      EventRecorder events,
      TmpWorkspace workspace,
      AppConfig.Retries retries,
      LeaseSettings settings,
      String self,
      Consumer<Job> adopt,
      Clock clock) {
    this.leases = leases;
    this.processes = processes;
    this.deliveries = deliveries;
    this.stateMachine = stateMachine;
    this.events = events;
    this.workspace = workspace;
    this.retries = retries;
    this.settings = settings;
    this.self = self;
    this.adopt = adopt;
    this.clock = clock;
  }

  /** At start-up; returns how many RUNNING jobs were taken over. */
  public int run() {
    if (!settings.shared()) {
      processes.removeAllBut(self);
    }
    return takeOver();
  }

  /**
   * Takes over the jobs and sends of processes gone silent for a lease (on SQLite: all but this
   * one); returns how many RUNNING jobs it recovered.
   */
  public int takeOver() {
    // Alive: renewed since the cutoff. Alone on the database, no other process is.
    Instant cutoff = settings.shared() ? clock.instant().minus(settings.expiry()) : NO_ONE;
    markInterruptedSends(cutoff);
    int running = 0;
    for (Job job : leases.orphaned(self, cutoff)) {
      if (job.status() == JobStatus.RUNNING) {
        recover(job);
        running++;
      } else if (leases.adoptQueued(job.id(), job.owner(), self, clock.instant())) {
        events.record(JobContext.of(job), new LifecycleEvent.LeaseTakenOver(job.owner(), self));
        adopt.accept(job);
      }
    }
    if (running > 0) {
      log.warn("recovered {} job(s) left RUNNING by a process that stopped", running);
    }
    return running;
  }

  /**
   * A send still marked in flight was cut by the stop: the chat may have the media. It is sent
   * again (better twice than never), and this event tells the operator why it may have arrived
   * twice — the only duplicate a crash can cause.
   */
  private void markInterruptedSends(Instant alive) {
    for (Requester r : deliveries.interruptedSends(self, alive)) {
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
    // A file already made and validated is kept: the next attempt only sends it (if that attempt
    // runs where the file is; elsewhere it is made again).
    boolean keepOutput =
        job.filePath() != null && job.media() != null && job.telegramFileId() == null;
    long freed = keepOutput ? 0 : workspace.deleteTmpDir(job.id());
    LifecycleEvent.Stale stale =
        new LifecycleEvent.Stale(
            job.retryCount(),
            job.startedAt(),
            freed,
            keepOutput ? job.filePath() : null,
            job.owner());
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
