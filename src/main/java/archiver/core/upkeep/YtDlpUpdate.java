package archiver.core.upkeep;

import archiver.download.tools.YtDlpUpdater;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one way yt-dlp is updated, for {@code /update_ytdlp} and the nightly update alike: no new job
 * starts while running ones finish, the old version is backed up, the update is checked, a broken
 * one is rolled back, jobs resume and the admins hear what changed. A failed update never leaves
 * the bot without the yt-dlp it had.
 */
public final class YtDlpUpdate {

  /** How an update ended; told to the admins as it is. */
  public sealed interface Outcome {}

  /** The new version runs; {@code before} equals {@code after} when it was already current. */
  public record Updated(String before, String after) implements Outcome {}

  /** The updater failed; the previous version is kept (and restored if it was touched). */
  public record Failed(String kept, String why) implements Outcome {}

  /** The new version did not pass the check and the previous one is back. */
  public record RolledBack(String kept, String why) implements Outcome {}

  /** Nothing was changed this time: another update was under way, or jobs ran too long. */
  public record Skipped(String why) implements Outcome {}

  /** This yt-dlp belongs to a package manager (or is not writable): the bot never updates it. */
  public record NotPossible(String why) implements Outcome {}

  /**
   * Even the restored yt-dlp fails its check: the one case the admins must act on at once. The
   * files are as they were before the update, whatever broke them.
   */
  public record RestoreFailed(String why) implements Outcome {}

  private static final Logger log = LoggerFactory.getLogger(YtDlpUpdate.class);

  private final Optional<YtDlpUpdater> updater;
  private final String notUpdatable;
  private final JobPause scheduler;
  private final Duration jobsMayTake;
  private final Consumer<AdminAlert> notify;
  private final AtomicBoolean busy = new AtomicBoolean();

  /**
   * @param updater empty when this yt-dlp cannot be updated by the bot; {@code notUpdatable} says
   *     why
   * @param jobsMayTake how long running jobs get to finish before the update is skipped for now
   *     (they are never interrupted for it)
   */
  public YtDlpUpdate(
      Optional<YtDlpUpdater> updater,
      String notUpdatable,
      JobPause scheduler,
      Duration jobsMayTake,
      Consumer<AdminAlert> notify) {
    this.updater = updater;
    this.notUpdatable = notUpdatable;
    this.scheduler = scheduler;
    this.jobsMayTake = jobsMayTake;
    this.notify = notify;
  }

  /** Whether the bot can update this yt-dlp at all. */
  public boolean possible() {
    return updater.isPresent();
  }

  /**
   * At start, before any job runs: a process that died in the middle of an update left an install
   * that may be half replaced, so the backup is put back and checked. Returns whether it was.
   */
  public boolean recoverInterrupted() {
    if (updater.isEmpty() || !updater.get().interrupted()) {
      return false;
    }
    YtDlpUpdater u = updater.get();
    log.warn("yt-dlp update: the last one was interrupted; restoring {}", u.backupPath());
    try {
      u.restore();
      YtDlpUpdater.Step check = u.check();
      log.info(
          "yt-dlp update: check after restore {}: {}", check.ok() ? "passed" : "failed", check);
      if (check.ok()) {
        u.finished();
      }
    } catch (IOException e) {
      log.error("yt-dlp update: restoring the backup failed: {}", e.toString(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return true;
  }

  /** Why the bot cannot update this yt-dlp; empty when it can. */
  public String whyNot() {
    return updater.isPresent() ? "" : notUpdatable;
  }

  /** Runs the update on its own thread; false when one is already under way. */
  public boolean start(String by) {
    if (busy.get()) {
      return false;
    }
    Thread.ofVirtual().name("ytdlp-update").start(() -> run(by));
    return true;
  }

  /** Runs the update here, to its end, and tells the admins how it went. */
  public Outcome run(String by) {
    if (!busy.compareAndSet(false, true)) {
      log.info("yt-dlp update asked by {}: one is already under way", by);
      return new Skipped("an update is already under way");
    }
    Outcome outcome;
    try {
      outcome = updater.map(u -> paused(u, by)).orElseGet(() -> new NotPossible(notUpdatable));
    } finally {
      busy.set(false);
    }
    log.info("yt-dlp update asked by {}: {}", by, outcome);
    try {
      notify.accept(new AdminAlert.YtDlpUpdateDone(outcome));
    } catch (RuntimeException e) {
      log.warn("could not tell the admins about the yt-dlp update: {}", e.toString());
    }
    return outcome;
  }

  private Outcome paused(YtDlpUpdater u, String by) {
    log.info("yt-dlp update ({}): pausing the scheduler, waiting for running jobs", by);
    scheduler.pause();
    try {
      if (!scheduler.awaitIdle(jobsMayTake)) {
        log.warn("yt-dlp update: jobs still running after {}; not updating now", jobsMayTake);
        return new Skipped("jobs were still running after " + jobsMayTake.toMinutes() + " min");
      }
      return update(u);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Skipped("interrupted");
    } finally {
      scheduler.resume();
      log.info("yt-dlp update: scheduler resumed");
    }
  }

  private Outcome update(YtDlpUpdater u) throws InterruptedException {
    String before = u.version().orElse("?");
    log.info("yt-dlp update: current version {}; backing up {}", before, u.install().replaced());
    try {
      u.backUp();
    } catch (IOException e) {
      log.warn("yt-dlp update: backup failed, not updating: {}", e.toString());
      return new Skipped("cannot back up " + u.install().replaced() + ": " + e.getMessage());
    }
    log.info("yt-dlp update: running the updater for {}", u.install());
    YtDlpUpdater.Step ran = u.update();
    log.info("yt-dlp update: updater {}: {}", ran.ok() ? "done" : "failed", ran.said());
    YtDlpUpdater.Step check = u.check();
    log.info("yt-dlp update: check {}: {}", check.ok() ? "passed" : "failed", check.said());
    if (ran.ok() && check.ok()) {
      finished(u);
      return new Updated(before, check.said());
    }
    // Restored even when the updater failed and yt-dlp still runs: a half-done update may run
    // --version and still break downloads, and the backup is exactly what ran before.
    String why = ran.ok() ? check.said() : ran.said();
    return rollBack(u, before, ran.ok(), why);
  }

  private static void finished(YtDlpUpdater u) {
    try {
      u.finished();
    } catch (IOException e) {
      // The next start restores the backup again, which is the same version: harmless.
      log.warn("yt-dlp update: cannot clear the under-way mark: {}", e.toString());
    }
  }

  private Outcome rollBack(YtDlpUpdater u, String before, boolean updaterOk, String why)
      throws InterruptedException {
    log.warn("yt-dlp update: restoring {} from {}", before, u.backupPath());
    try {
      u.restore();
    } catch (IOException e) {
      log.error("yt-dlp update: restoring the backup failed: {}", e.toString(), e);
      return new RestoreFailed("restoring " + u.backupPath() + " failed: " + e.getMessage());
    }
    YtDlpUpdater.Step again = u.check();
    log.info("yt-dlp update: check after restore {}: {}", again.ok() ? "passed" : "failed", again);
    if (!again.ok()) {
      return new RestoreFailed("the restored yt-dlp fails too: " + again.said());
    }
    finished(u);
    return updaterOk ? new RolledBack(before, why) : new Failed(before, why);
  }
}
