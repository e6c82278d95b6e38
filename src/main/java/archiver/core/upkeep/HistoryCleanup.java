package archiver.core.upkeep;

import archiver.config.AppConfig;
import archiver.storage.HistoryPruner;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the database bounded (docs/ARCHITECTURE.md, "Cleanup"): the events of finished jobs go
 * after {@code retention.events_days}, the finished jobs themselves after {@code
 * retention.jobs_days} without use. Unfinished jobs are never touched, and a job asked for again
 * within the window stays, with the file_id that answers the next request for the same media.
 */
public final class HistoryCleanup {

  private static final Logger log = LoggerFactory.getLogger(HistoryCleanup.class);

  private final HistoryPruner history;
  private final Duration keepEvents;
  private final Duration keepJobs;
  private final Clock clock;

  public HistoryCleanup(HistoryPruner history, AppConfig.Retention retention, Clock clock) {
    this.history = history;
    this.keepEvents = Duration.ofDays(retention.eventsDays());
    this.keepJobs = Duration.ofDays(retention.jobsDays());
    this.clock = clock;
  }

  public HistoryPruner.Pruned runOnce() {
    Instant now = clock.instant();
    HistoryPruner.Pruned pruned = history.prune(now.minus(keepEvents), now.minus(keepJobs));
    if (pruned.any()) {
      log.info(
          "history cleanup: removed {} event(s) of finished jobs older than {} days, {} finished"
              + " job(s) unused for {} days and {} playlist batch(es) ended as long ago; {} free"
              + " database page(s) given back",
          pruned.events(),
          keepEvents.toDays(),
          pruned.jobs(),
          keepJobs.toDays(),
          pruned.batches(),
          pruned.pagesFreed());
    }
    return pruned;
  }
}
