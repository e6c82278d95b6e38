package archiver.core;

import archiver.config.AppConfig;
import archiver.core.admin.SettingsService;
import archiver.core.batch.BatchObserver;
import archiver.core.batch.BatchRunner;
import archiver.core.batch.BatchService;
import archiver.core.batch.PlaylistReader;
import archiver.core.delivery.ChatDelivery;
import archiver.core.delivery.FanOut;
import archiver.core.delivery.JobObserver;
import archiver.core.events.EventRecorder;
import archiver.core.jobs.Heartbeat;
import archiver.core.jobs.JobRunner;
import archiver.core.jobs.JobScheduler;
import archiver.core.jobs.JobService;
import archiver.core.jobs.JobStateMachine;
import archiver.core.jobs.LeaseSettings;
import archiver.core.jobs.RetryPolicy;
import archiver.core.jobs.StartupRecovery;
import archiver.core.pipeline.MediaProcessor;
import archiver.core.rename.RenameService;
import archiver.core.upkeep.HistoryCleanup;
import archiver.core.upkeep.TmpCleanup;
import archiver.core.upkeep.YtDlpWatch;
import archiver.domain.ProcessIdentity;
import archiver.domain.ProcessRole;
import archiver.download.intake.UrlIntake;
import archiver.storage.Archive;
import archiver.storage.Database;
import archiver.storage.TmpWorkspace;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The core, assembled: submission, the scheduler with its workers, start-up recovery and the
 * cleanup loop (tmp files and old history). The bot talks to {@link #jobs()}; {@link #start()} and
 * {@link #stop} bracket a run.
 */
public final class Orchestrator implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(Orchestrator.class);

  private final JobService jobService;
  private final JobScheduler scheduler;
  private final StartupRecovery recovery;
  private final TmpCleanup cleanup;
  private final HistoryCleanup history;
  private final AppConfig.Cleanup cleanupConfig;
  private final ScheduledExecutorService timers;

  private final YtDlpWatch ytDlpWatch;
  private final ProcessIdentity self;
  private final Heartbeat heartbeat;
  private final FanOut fanOut;
  private final BatchRunner batchRunner;
  private final BatchService batchService;

  /**
   * A batch's status message is edited at most this often: Telegram allows about one message a
   * second per chat, and the chat's media need those.
   */
  static final Duration BATCH_EDIT_EVERY = Duration.ofSeconds(3);

  private final RenameService renames;

  /** Jobs whose chats are served by file_id at once (one send in flight per job). */
  static final int FAN_OUT_PARALLEL = 16;

  public Orchestrator(
      AppConfig config,
      Database db,
      UrlIntake intake,
      MediaProcessor processor,
      TmpWorkspace workspace,
      Archive archive,
      JobObserver observer,
      Clock clock) {
    this(config, db, intake, processor, workspace, archive, observer, null, clock);
  }

  /**
   * @param ytDlpWatch checks yt-dlp's age daily and hears about failed jobs; null for none
   */
  public Orchestrator(
      AppConfig config,
      Database db,
      UrlIntake intake,
      MediaProcessor processor,
      TmpWorkspace workspace,
      Archive archive,
      JobObserver observer,
      YtDlpWatch ytDlpWatch,
      Clock clock) {
    this(
        config,
        db,
        intake,
        processor,
        workspace,
        archive,
        observer,
        ytDlpWatch,
        PlaylistReader.NONE,
        BatchObserver.NONE,
        clock);
  }

  /**
   * @param playlists reads the playlists that become batches
   * @param batchObserver shows how far each batch is
   */
  public Orchestrator(
      AppConfig config,
      Database db,
      UrlIntake intake,
      MediaProcessor processor,
      TmpWorkspace workspace,
      Archive archive,
      JobObserver observer,
      YtDlpWatch ytDlpWatch,
      PlaylistReader playlists,
      BatchObserver batchObserver,
      Clock clock) {
    this(
        config,
        db,
        intake,
        processor,
        workspace,
        archive,
        observer,
        ytDlpWatch,
        playlists,
        batchObserver,
        ProcessIdentity.current(ProcessRole.RUN),
        LeaseSettings.SOLE,
        clock);
  }

  /**
   * @param self this process: a {@link ProcessRole#WORKER} only works on jobs (no fan-out, no
   *     batches, no history cleanup: the {@code run} process does those)
   * @param leases how this process keeps the jobs it takes, alone on the database or sharing it
   */
  public Orchestrator(
      AppConfig config,
      Database db,
      UrlIntake intake,
      MediaProcessor processor,
      TmpWorkspace workspace,
      Archive archive,
      JobObserver observer,
      YtDlpWatch ytDlpWatch,
      PlaylistReader playlists,
      BatchObserver batchObserver,
      ProcessIdentity self,
      LeaseSettings leases,
      Clock clock) {
    this.self = self;
    this.ytDlpWatch = ytDlpWatch;
    this.timers =
        Executors.newScheduledThreadPool(
            1, Thread.ofPlatform().name("timers").daemon(true).factory());
    EventRecorder events = new EventRecorder(db.events(), clock);
    JobStateMachine stateMachine = new JobStateMachine(db.jobs(), events, self.id(), clock);
    ChatDelivery delivery =
        new ChatDelivery(db.deliveries(), events, observer, config.retries(), self.id(), clock);
    this.fanOut = new FanOut(db.deliveries(), delivery, FAN_OUT_PARALLEL, clock);
    JobRunner runner =
        new JobRunner(
            db.jobs(),
            stateMachine,
            events,
            processor,
            new RetryPolicy(config.retries()),
            workspace,
            archive,
            db.chatSettings(),
            observer,
            config,
            timers,
            ytDlpWatch,
            delivery,
            fanOut::wake,
            clock);
    this.scheduler =
        new JobScheduler(
            db.jobs(),
            leases.shared() ? db.leases() : null,
            stateMachine,
            runner,
            config.limits(),
            clock);
    this.jobService =
        new JobService(
            db.jobs(),
            db.deliveries(),
            stateMachine,
            events,
            intake,
            config.limits(),
            config.modes().maintenance(),
            clock,
            scheduler::wake,
            scheduler,
            scheduler,
            observer,
            fanOut::wake);
    this.batchRunner =
        new BatchRunner(db.batches(), jobService, batchObserver, events, BATCH_EDIT_EVERY, clock);
    this.batchService =
        new BatchService(
            db.batches(),
            intake,
            playlists,
            jobService,
            events,
            config.sources().maxPlaylistItems(),
            clock,
            batchRunner);
    this.recovery =
        new StartupRecovery(
            db.leases(),
            db.processes(),
            db.deliveries(),
            stateMachine,
            events,
            workspace,
            config.retries(),
            leases,
            self.id(),
            scheduler::adopt,
            clock);
    this.heartbeat =
        new Heartbeat(
            self,
            config.limits().maxParallelJobs(),
            db.processes(),
            db.leases(),
            scheduler,
            recovery,
            leases,
            clock);
    this.cleanup =
        new TmpCleanup(
            workspace, archive, db.jobs(), db.deliveries(), events, config.cleanup(), clock);
    this.cleanupConfig = config.cleanup();
    this.history = new HistoryCleanup(db.history(), config.retention(), clock);
    this.renames =
        new RenameService(
            db.renames(),
            db.jobs(),
            jobService,
            new SettingsService(db.chatSettings(), clock),
            archive,
            events,
            clock);
  }

  public JobService jobs() {
    return jobService;
  }

  public BatchService batches() {
    return batchService;
  }

  public BatchRunner batchRunner() {
    return batchRunner;
  }

  public JobScheduler scheduler() {
    return scheduler;
  }

  public TmpCleanup cleanup() {
    return cleanup;
  }

  public HistoryCleanup history() {
    return history;
  }

  /** This process's heartbeat (its leases, cancel requests, takeovers). */
  public Heartbeat heartbeat() {
    return heartbeat;
  }

  public FanOut fanOut() {
    return fanOut;
  }

  /** {@code /rename}: new names for finished jobs' archived files. */
  public RenameService renames() {
    return renames;
  }

  /**
   * Registers this process, recovers what stopped processes left, then starts scheduling and the
   * cleanup loop; the {@code run} process also serves the fan-out and the batches.
   */
  public void start() {
    heartbeat.register();
    recovery.run();
    scheduler.start();
    long beat = heartbeat.every().toMillis();
    timers.scheduleWithFixedDelay(this::beatQuietly, beat, beat, TimeUnit.MILLISECONDS);
    if (self.role() == ProcessRole.RUN) {
      fanOut.start();
      fanOut.wake();
      batchRunner.start();
    }
    long every = cleanupConfig.intervalMinutes();
    timers.scheduleWithFixedDelay(this::cleanupQuietly, 1, every, TimeUnit.MINUTES);
    if (ytDlpWatch != null) {
      timers.scheduleWithFixedDelay(this::checkYtDlpQuietly, 1, 24 * 60, TimeUnit.MINUTES);
    }
  }

  /** Runs {@code task} every {@code period} on the core's timer; a failure is logged, not fatal. */
  public void every(Duration period, String what, Runnable task) {
    timers.scheduleWithFixedDelay(
        () -> {
          try {
            task.run();
          } catch (RuntimeException e) {
            log.error("{} failed: {}", what, e.toString(), e);
          }
        },
        period.toMillis(),
        period.toMillis(),
        TimeUnit.MILLISECONDS);
  }

  private void beatQuietly() {
    try {
      heartbeat.beat();
    } catch (RuntimeException e) {
      log.error("heartbeat failed: {}", e.toString(), e);
    }
  }

  private void cleanupQuietly() {
    try {
      cleanup.runOnce();
    } catch (RuntimeException e) {
      log.error("tmp cleanup failed: {}", e.toString(), e);
    }
    if (self.role() != ProcessRole.RUN) {
      return; // the history is the run process's to prune
    }
    try {
      history.runOnce();
    } catch (RuntimeException e) {
      log.error("history cleanup failed: {}", e.toString(), e);
    }
  }

  private void checkYtDlpQuietly() {
    try {
      ytDlpWatch.checkAge();
    } catch (RuntimeException e) {
      log.error("yt-dlp age check failed: {}", e.toString(), e);
    }
  }

  /** Stops taking jobs; running ones get {@code grace} to finish, the rest are recovered later. */
  public void stop(Duration grace) {
    batchRunner.stop();
    scheduler.stop(grace);
    fanOut.stop(Duration.ofSeconds(2));
    timers.shutdownNow();
    heartbeat.deregister();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
