package archiver.core.upkeep;

import archiver.config.AppConfig;
import archiver.core.events.EventRecorder;
import archiver.domain.Job;
import archiver.logging.JobContext;
import archiver.storage.Archive;
import archiver.storage.DeliveryRepository;
import archiver.storage.JobRepository;
import archiver.storage.TmpEntry;
import archiver.storage.TmpWorkspace;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the tmp folder bounded (docs/ARCHITECTURE.md, "Cleanup"): removes the folders of finished
 * jobs older than {@code tmp_max_age_hours} and folders of jobs that no longer exist. Archived
 * files are never touched, only copies into the archive that a crash interrupted ({@code
 * .archiving-*.part}, older than the same age); folders it does not recognise are reported, not
 * deleted.
 */
public final class TmpCleanup {

  private static final Logger log = LoggerFactory.getLogger(TmpCleanup.class);

  /** Telegram re-sends an unconfirmed update for 24 hours at most; a week is ample. */
  static final Duration HANDLED_UPDATES_KEPT = Duration.ofDays(7);

  /** What one pass did. */
  public record Report(
      int foldersRemoved, long bytesFreed, int unrecognized, int archiveLeftoversRemoved) {}

  private final TmpWorkspace workspace;
  private final Archive archive;
  private final JobRepository jobs;
  private final DeliveryRepository deliveries;
  private final EventRecorder events;
  private final Duration maxAge;
  private final java.time.Clock clock;

  public TmpCleanup(
      TmpWorkspace workspace,
      Archive archive,
      JobRepository jobs,
      DeliveryRepository deliveries,
      EventRecorder events,
      AppConfig.Cleanup cleanup,
      java.time.Clock clock) {
    this.workspace = workspace;
    this.archive = archive;
    this.jobs = jobs;
    this.deliveries = deliveries;
    this.events = events;
    this.maxAge = Duration.ofHours(cleanup.tmpMaxAgeHours());
    this.clock = clock;
  }

  public Report runOnce() {
    int removed = 0;
    long freed = 0;
    int unrecognized = 0;
    Instant cutoff = clock.instant().minus(maxAge);
    for (TmpEntry entry : workspace.listTmpDirs()) {
      switch (entry) {
        case TmpEntry.JobDir dir -> {
          Optional<Job> job = jobs.findById(dir.jobId());
          boolean orphan = job.isEmpty();
          boolean oldAndDone =
              job.isPresent()
                  && job.get().status().isTerminal()
                  && dir.lastModified().isBefore(cutoff);
          if (orphan || oldAndDone) {
            long bytes = workspace.deleteTmpDir(dir.jobId());
            removed++;
            freed += bytes;
            if (job.isPresent()) {
              long ageHours = Duration.between(dir.lastModified(), clock.instant()).toHours();
              events.record(JobContext.of(job.get()), new TmpFilesRemoved(bytes, ageHours));
            } else {
              log.info(
                  "removed tmp folder of job {} which no longer exists ({} bytes)",
                  dir.jobId(),
                  bytes);
            }
          }
        }
        case TmpEntry.Unrecognized other -> {
          unrecognized++;
          log.warn("tmp cleanup leaves {} alone: {}", other.path(), other.reason());
        }
      }
    }
    int updates = deliveries.pruneHandledUpdates(clock.instant().minus(HANDLED_UPDATES_KEPT));
    if (updates > 0) {
      log.debug(
          "forgot {} handled Telegram update(s) older than {} days",
          updates,
          HANDLED_UPDATES_KEPT.toDays());
    }
    Archive.Leftovers leftovers = archive.removeArchiveLeftovers(cutoff);
    if (leftovers.files() > 0) {
      log.warn(
          "removed {} unfinished copies into the archive ({} bytes), left by a crash during archiving",
          leftovers.files(),
          leftovers.bytes());
    }
    if (removed > 0 || unrecognized > 0) {
      log.info(
          "tmp cleanup: removed {} folder(s), freed {} bytes; {} unrecognised entr(ies) left",
          removed,
          freed,
          unrecognized);
    }
    return new Report(removed, freed + leftovers.bytes(), unrecognized, leftovers.files());
  }
}
