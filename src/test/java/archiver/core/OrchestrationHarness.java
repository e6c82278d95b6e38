package archiver.core;

import archiver.config.AppConfig;
import archiver.core.delivery.JobObserver;
import archiver.core.jobs.LeaseSettings;
import archiver.core.jobs.SubmitRequest;
import archiver.core.jobs.SubmitResult;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.ProcessIdentity;
import archiver.domain.ProcessRole;
import archiver.domain.Quality;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import archiver.storage.Archive;
import archiver.storage.Database;
import archiver.storage.TmpWorkspace;
import archiver.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;

/** A real SQLite store and the real core around a {@link FakeProcessor}. */
final class OrchestrationHarness implements AutoCloseable {
  final Database db;
  final MutableClock clock;
  private final boolean ownsDatabase;
  final FakeProcessor processor;
  final Orchestrator core;
  final AppConfig config;
  final TmpWorkspace workspace;
  final Archive archive;

  OrchestrationHarness(
      Path dir, FakeProcessor processor, JobObserver observer, UnaryOperator<AppConfig> adjust) {
    this(dir, processor, observer, archiver.core.batch.BatchObserver.NONE, adjust);
  }

  OrchestrationHarness(
      Path dir,
      FakeProcessor processor,
      JobObserver observer,
      archiver.core.batch.BatchObserver batches,
      UnaryOperator<AppConfig> adjust) {
    this(
        dir,
        archiver.testing.TestDatabases.fresh(dir),
        new MutableClock(Instant.parse("2026-11-25T10:00:00Z")),
        processor,
        observer,
        batches,
        ProcessIdentity.current(ProcessRole.RUN),
        LeaseSettings.SOLE,
        true,
        adjust);
  }

  /**
   * One of several processes sharing {@code db} (and the test's clock), each with its own tmp
   * folder under {@code dir}.
   */
  OrchestrationHarness(
      Path dir,
      Database db,
      MutableClock clock,
      FakeProcessor processor,
      ProcessIdentity self,
      LeaseSettings leases,
      UnaryOperator<AppConfig> adjust) {
    this(
        dir,
        db,
        clock,
        processor,
        JobObserver.NONE,
        archiver.core.batch.BatchObserver.NONE,
        self,
        leases,
        false,
        adjust);
  }

  private OrchestrationHarness(
      Path dir,
      Database db,
      MutableClock clock,
      FakeProcessor processor,
      JobObserver observer,
      archiver.core.batch.BatchObserver batches,
      ProcessIdentity self,
      LeaseSettings leases,
      boolean ownsDatabase,
      UnaryOperator<AppConfig> adjust) {
    this.ownsDatabase = ownsDatabase;
    this.db = db;
    this.clock = clock;
    this.processor = processor;
    this.config = adjust.apply(AppConfig.defaults());
    this.workspace =
        new TmpWorkspace(
            dir.resolve(self.role() == ProcessRole.RUN ? "tmp" : "tmp-" + self.id()), clock);
    this.archive = new Archive(dir.resolve("archive"), clock);
    UrlIntake intake = new UrlIntake(IntakeSettings.defaults(), HostResolver.system());
    this.core =
        new Orchestrator(
            config,
            db,
            intake,
            processor,
            workspace,
            archive,
            observer,
            null,
            archiver.core.batch.PlaylistReader.NONE,
            batches,
            self,
            leases,
            clock);
  }

  static AppConfig withLimits(AppConfig c, AppConfig.Limits limits) {
    return new AppConfig(
        c.telegram(),
        c.paths(),
        c.tools(),
        limits,
        c.timeouts(),
        c.retries(),
        c.modes(),
        c.security(),
        c.sources(),
        c.cleanup(),
        c.retention(),
        c.logging(),
        c.authProfiles(),
        c.web(),
        c.ytdlp());
  }

  static AppConfig withRetries(AppConfig c, AppConfig.Retries retries) {
    return new AppConfig(
        c.telegram(),
        c.paths(),
        c.tools(),
        c.limits(),
        c.timeouts(),
        retries,
        c.modes(),
        c.security(),
        c.sources(),
        c.cleanup(),
        c.retention(),
        c.logging(),
        c.authProfiles(),
        c.web(),
        c.ytdlp());
  }

  static AppConfig withTimeouts(AppConfig c, AppConfig.Timeouts timeouts) {
    return new AppConfig(
        c.telegram(),
        c.paths(),
        c.tools(),
        c.limits(),
        timeouts,
        c.retries(),
        c.modes(),
        c.security(),
        c.sources(),
        c.cleanup(),
        c.retention(),
        c.logging(),
        c.authProfiles(),
        c.web(),
        c.ytdlp());
  }

  SubmitResult submit(String url, long user, long chat) {
    return core.jobs().submit(new SubmitRequest(url, Quality.P720, user, chat));
  }

  long created(SubmitResult r) {
    return ((SubmitResult.Created) r).job().id();
  }

  Job job(long id) {
    return db.jobs().findById(id).orElseThrow();
  }

  List<EventType> events(long id) {
    return db.events().forJob(id).stream().map(JobEvent::type).toList();
  }

  /** Runs one scheduling pass and waits until the workers it started have ended. */
  int dispatchAndWait() {
    int started = core.scheduler().dispatchOnce();
    Awaitility.await()
        .atMost(Duration.ofSeconds(30))
        .until(() -> core.scheduler().activeCount() == 0);
    return started;
  }

  void awaitStatus(long id, JobStatus status) {
    Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> job(id).status() == status);
  }

  @Override
  public void close() {
    core.stop(Duration.ofSeconds(5));
    if (ownsDatabase) {
      db.close();
    }
  }
}
