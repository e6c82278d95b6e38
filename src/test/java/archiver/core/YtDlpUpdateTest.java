package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.delivery.JobObserver;
import archiver.core.upkeep.AdminAlert;
import archiver.core.upkeep.YtDlpUpdate;
import archiver.domain.JobStatus;
import archiver.download.process.SystemProcessRunner;
import archiver.download.tools.YtDlpInstall;
import archiver.download.tools.YtDlpUpdater;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The yt-dlp update with fake updaters (scripts that stand in for {@code yt-dlp -U} and pip) on the
 * real core: what happens to yt-dlp, to the jobs, and what the admins hear.
 */
class YtDlpUpdateTest {

  private static final String OLD = "2026.01.01";
  private static final String NEW = "2026.11.20";

  @TempDir Path dir;
  private final List<AdminAlert> alerts = new CopyOnWriteArrayList<>();

  private Path ytDlp() {
    return dir.resolve("bin/yt-dlp");
  }

  private Path updateLog() {
    return dir.resolve("updates.log");
  }

  /** A standalone yt-dlp at OLD whose -U installs {@code next} (null: -U fails). */
  private String standalone(String next) throws IOException {
    String onUpdate =
        next == null
            ? FakeYtDlp.fail(updateLog())
            : FakeYtDlp.install(
                FakeYtDlp.write(dir.resolve("next/yt-dlp"), next), ytDlp(), updateLog());
    String old = FakeYtDlp.working(OLD, onUpdate);
    FakeYtDlp.write(ytDlp(), old);
    return old;
  }

  private YtDlpUpdate update(
      OrchestrationHarness h, YtDlpInstall.Updatable install, Duration wait) {
    YtDlpUpdater updater =
        new YtDlpUpdater(
            new SystemProcessRunner(),
            install,
            ytDlp().toString(),
            dir.resolve("check"),
            Duration.ofSeconds(30));
    return new YtDlpUpdate(Optional.of(updater), "", h.core.scheduler(), wait, alerts::add);
  }

  private YtDlpUpdate update(OrchestrationHarness h) {
    return update(h, new YtDlpInstall.Standalone(ytDlp()), Duration.ofSeconds(30));
  }

  private OrchestrationHarness harness(FakeProcessor processor) {
    return new OrchestrationHarness(dir.resolve("core"), processor, JobObserver.NONE, c -> c);
  }

  private String versionNow() {
    return new archiver.download.tools.ToolProbe(new SystemProcessRunner())
        .ytDlp(ytDlp().toString())
        .version()
        .orElse("none");
  }

  @Test
  void aSuccessfulUpdateInstallsTheNewVersionResumesAndTellsTheAdminsOldToNew() throws IOException {
    standalone(FakeYtDlp.working(NEW, "exit 0"));
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      YtDlpUpdate.Outcome outcome = update(h).run("test");

      assertThat(outcome).isEqualTo(new YtDlpUpdate.Updated(OLD, NEW));
      assertThat(versionNow()).isEqualTo(NEW);
      assertThat(h.core.scheduler().paused()).isFalse();
      assertThat(alerts).containsExactly(new AdminAlert.YtDlpUpdateDone(outcome));
      // The previous release is kept in the bot's folder until the next update.
      assertThat(Files.readString(dir.resolve("check/previous"))).contains(OLD);
    }
  }

  @Test
  void aFailingUpdaterKeepsTheOldVersionWorking() throws IOException {
    String old = standalone(null);
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      YtDlpUpdate.Outcome outcome = update(h).run("test");

      assertThat(outcome).isInstanceOf(YtDlpUpdate.Failed.class);
      YtDlpUpdate.Failed failed = (YtDlpUpdate.Failed) outcome;
      assertThat(failed.kept()).isEqualTo(OLD);
      assertThat(failed.why()).contains("Unable to obtain version info");
      assertThat(Files.readString(ytDlp())).isEqualTo(old);
      assertThat(versionNow()).isEqualTo(OLD);
      assertThat(h.core.scheduler().paused()).isFalse();
      assertThat(alerts).containsExactly(new AdminAlert.YtDlpUpdateDone(outcome));
    }
  }

  @Test
  void aNewVersionThatDoesNotStartIsRolledBack() throws IOException {
    String old = standalone(FakeYtDlp.notStarting());
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      YtDlpUpdate.Outcome outcome = update(h).run("test");

      assertThat(outcome).isInstanceOf(YtDlpUpdate.RolledBack.class);
      assertThat(((YtDlpUpdate.RolledBack) outcome).kept()).isEqualTo(OLD);
      assertThat(((YtDlpUpdate.RolledBack) outcome).why()).contains("--version failed");
      assertThat(Files.readString(ytDlp())).isEqualTo(old);
      assertThat(Files.isExecutable(ytDlp())).isTrue();
      assertThat(versionNow()).isEqualTo(OLD);
      assertThat(alerts).containsExactly(new AdminAlert.YtDlpUpdateDone(outcome));
    }
  }

  @Test
  void aNewVersionThatCannotReadALocalFileIsRolledBack() throws IOException {
    String old = standalone(FakeYtDlp.notExtracting(NEW));
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      YtDlpUpdate.Outcome outcome = update(h).run("test");

      assertThat(outcome).isInstanceOf(YtDlpUpdate.RolledBack.class);
      assertThat(((YtDlpUpdate.RolledBack) outcome).why())
          .contains("reading a local file failed")
          .contains("broken extractor");
      assertThat(Files.readString(ytDlp())).isEqualTo(old);
      assertThat(versionNow()).isEqualTo(OLD);
    }
  }

  @Test
  void aBrokenVersionInstalledByTheVenvsPipIsRolledBackWithTheWholeVenv() throws IOException {
    Path venv = dir.resolve("venv");
    Files.createDirectories(venv);
    Files.writeString(venv.resolve("pyvenv.cfg"), "home = /usr/bin\n");
    Path venvYtDlp = venv.resolve("bin/yt-dlp");
    Path next = FakeYtDlp.write(dir.resolve("next/yt-dlp"), FakeYtDlp.notStarting());
    FakeYtDlp.write(
        venv.resolve("bin/pip"),
        "#!/bin/sh\n[ \"$1\" = install ] || exit 2\n"
            + FakeYtDlp.install(next, venvYtDlp, updateLog())
            + "\n");
    String old = FakeYtDlp.working(OLD, "exit 1");
    FakeYtDlp.write(venvYtDlp, old);
    FakeYtDlp.write(ytDlp(), "#!/bin/sh\nexec '" + venvYtDlp + "' \"$@\"\n");
    assertThat(YtDlpInstall.detect(venvYtDlp.toString(), ""))
        .isEqualTo(new YtDlpInstall.Venv(venv));
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      YtDlpUpdate.Outcome outcome =
          update(h, new YtDlpInstall.Venv(venv), Duration.ofSeconds(30)).run("test");

      assertThat(outcome).isInstanceOf(YtDlpUpdate.RolledBack.class);
      assertThat(Files.readString(updateLog())).isEqualTo("update\n");
      assertThat(Files.readString(venvYtDlp)).isEqualTo(old);
      assertThat(Files.readString(venv.resolve("pyvenv.cfg"))).contains("home");
      assertThat(versionNow()).isEqualTo(OLD);
    }
  }

  @Test
  void aRunningJobFinishesBeforeTheUpdateAndAJobAskedForMeanwhileWaitsThenRuns() throws Exception {
    standalone(FakeYtDlp.working(NEW, "exit 0"));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeProcessor processor =
        new FakeProcessor()
            .script("running0001", new FakeProcessor.BlockUntilReleased(started, release));
    try (OrchestrationHarness h = harness(processor)) {
      h.core.start();
      long running = h.created(h.submit("https://www.youtube.com/watch?v=running0001", 1, 1));
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

      YtDlpUpdate update = update(h);
      assertThat(update.start("test")).isTrue();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(h.core.scheduler()::paused);

      // Paused: the running job goes on, nothing is updated under it, a new job waits.
      assertThat(Files.exists(updateLog())).isFalse();
      assertThat(h.job(running).status()).isEqualTo(JobStatus.RUNNING);
      long waiting = h.created(h.submit("https://www.youtube.com/watch?v=waiting0001", 2, 2));
      assertThat(h.core.jobs().paused()).isTrue();
      assertThat(h.core.jobs().queuePosition(waiting)).hasValue(1);
      assertThat(h.core.scheduler().dispatchOnce()).isZero();
      assertThat(h.job(waiting).status()).isEqualTo(JobStatus.PENDING);

      release.countDown();
      Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> !alerts.isEmpty());
      assertThat(alerts)
          .containsExactly(new AdminAlert.YtDlpUpdateDone(new YtDlpUpdate.Updated(OLD, NEW)));
      assertThat(h.events(running)).doesNotContain(archiver.domain.EventType.JOB_CANCELLED);
      h.awaitStatus(running, JobStatus.COMPLETED);
      h.awaitStatus(waiting, JobStatus.COMPLETED);
      assertThat(h.core.jobs().paused()).isFalse();
    }
  }

  @Test
  void jobsStillRunningAfterTheWaitAreNotInterruptedAndTheUpdateIsSkipped() throws Exception {
    String old = standalone(FakeYtDlp.working(NEW, "exit 0"));
    CountDownLatch started = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    FakeProcessor processor =
        new FakeProcessor()
            .script("long0000001", new FakeProcessor.BlockUntilReleased(started, release));
    try (OrchestrationHarness h = harness(processor)) {
      h.core.start();
      long job = h.created(h.submit("https://www.youtube.com/watch?v=long0000001", 1, 1));
      assertThat(started.await(30, TimeUnit.SECONDS)).isTrue();

      YtDlpUpdate.Outcome outcome =
          update(h, new YtDlpInstall.Standalone(ytDlp()), Duration.ofMillis(50)).run("test");

      assertThat(outcome).isInstanceOf(YtDlpUpdate.Skipped.class);
      assertThat(Files.readString(ytDlp())).isEqualTo(old);
      assertThat(h.core.scheduler().paused()).isFalse();
      assertThat(h.job(job).status()).isEqualTo(JobStatus.RUNNING);
      release.countDown();
      h.awaitStatus(job, JobStatus.COMPLETED);
    }
  }

  @Test
  void anUpdateCutShortByTheProcessDyingIsRestoredAtTheNextStart() throws IOException {
    String old = standalone(FakeYtDlp.working(NEW, "exit 0"));
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      YtDlpUpdater updater =
          new YtDlpUpdater(
              new SystemProcessRunner(),
              new YtDlpInstall.Standalone(ytDlp()),
              ytDlp().toString(),
              dir.resolve("check"),
              Duration.ofSeconds(30));
      updater.backUp();
      FakeYtDlp.write(ytDlp(), "#!/bin/sh\n# half written"); // then the process died
      YtDlpUpdate afterRestart =
          new YtDlpUpdate(
              Optional.of(updater), "", h.core.scheduler(), Duration.ofSeconds(1), alerts::add);

      assertThat(afterRestart.recoverInterrupted()).isTrue();
      assertThat(Files.readString(ytDlp())).isEqualTo(old);
      assertThat(versionNow()).isEqualTo(OLD);
      // Restored and checked: the start after that has nothing to do.
      assertThat(afterRestart.recoverInterrupted()).isFalse();
    }
  }

  @Test
  void aCompletedUpdateLeavesNothingToRecover() throws IOException {
    standalone(FakeYtDlp.working(NEW, "exit 0"));
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      YtDlpUpdate update = update(h);
      update.run("test");
      assertThat(update.recoverInterrupted()).isFalse();
      assertThat(versionNow()).isEqualTo(NEW);
    }
  }

  @Test
  void aYtDlpTheBotMayNotChangeIsNeverTouchedAndTheAdminsAreToldWhy() throws IOException {
    try (OrchestrationHarness h = harness(new FakeProcessor())) {
      YtDlpUpdate update =
          new YtDlpUpdate(
              Optional.empty(),
              "/usr/bin/yt-dlp was installed by a package manager or pip",
              h.core.scheduler(),
              Duration.ofSeconds(1),
              alerts::add);
      assertThat(update.possible()).isFalse();
      YtDlpUpdate.Outcome outcome = update.run("test");
      assertThat(outcome)
          .isEqualTo(
              new YtDlpUpdate.NotPossible(
                  "/usr/bin/yt-dlp was installed by a package manager or pip"));
      assertThat(h.core.scheduler().paused()).isFalse();
      assertThat(alerts).containsExactly(new AdminAlert.YtDlpUpdateDone(outcome));
    }
  }
}
