package archiver.storage;

import java.time.Instant;
import org.jdbi.v3.core.Jdbi;

/**
 * Deletes the history of finished jobs (docs/ARCHITECTURE.md, "Cleanup"), in small batches so the
 * bot's own writes never wait long behind it. Only COMPLETED and FAILED jobs are touched; a job
 * somebody asked for again since the cut-off is kept whole, since its file_id still answers new
 * requests for the same media.
 */
public final class HistoryPruner {

  /** Rows per transaction: a few milliseconds of write lock each. */
  static final int BATCH = 500;

  private static final String FINISHED = "('COMPLETED', 'FAILED')";

  private final Jdbi jdbi;

  HistoryPruner(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** What one pass removed. */
  public record Pruned(long events, long jobs, long batches, long pagesFreed) {
    public boolean any() {
      return events > 0 || jobs > 0 || batches > 0;
    }
  }

  /**
   * Removes the events older than {@code eventsBefore} of finished jobs, then the finished jobs
   * last used before {@code jobsBefore} (with their events, requesters and parts), then gives the
   * freed pages back to the file system. Playlist batches that ended before {@code jobsBefore} go
   * with their items and timeline; their jobs follow the jobs' own rule.
   */
  public Pruned prune(Instant eventsBefore, Instant jobsBefore) {
    long events =
        deleteInBatches(
            "DELETE FROM job_events WHERE id IN (SELECT e.id FROM job_events e JOIN jobs j ON j.id = e.job_id"
                + " WHERE e.created_at < :cutoff AND j.status IN "
                + FINISHED
                + " LIMIT "
                + BATCH
                + ")",
            eventsBefore);
    long jobs =
        deleteInBatches(
            "DELETE FROM jobs WHERE id IN (SELECT j.id FROM jobs j WHERE j.status IN "
                + FINISHED
                + " AND j.updated_at < :cutoff"
                + " AND NOT EXISTS (SELECT 1 FROM job_requesters r WHERE r.job_id = j.id"
                + " AND r.created_at >= :cutoff) LIMIT "
                + BATCH
                + ")",
            jobsBefore);
    long batches =
        deleteInBatches(
            "DELETE FROM batches WHERE id IN (SELECT id FROM batches WHERE status != 'RUNNING'"
                + " AND finished_at < :cutoff LIMIT "
                + BATCH
                + ")",
            jobsBefore);
    long freed = events > 0 || jobs > 0 || batches > 0 ? reclaimFreePages() : 0;
    return new Pruned(events, jobs, batches, freed);
  }

  private long deleteInBatches(String sql, Instant cutoff) {
    long total = 0;
    int deleted;
    do {
      deleted =
          jdbi.inTransaction(
              h -> h.createUpdate(sql).bind("cutoff", cutoff.toEpochMilli()).execute());
      total += deleted;
    } while (deleted == BATCH);
    return total;
  }

  /**
   * Returns the file's free pages to the file system. SQLite reuses free pages for new rows anyway,
   * so under a steady load the file stops growing; this also shrinks it after a large prune. Needs
   * {@code auto_vacuum = INCREMENTAL}, which migration V8 sets. PostgreSQL has no such pragmas: its
   * autovacuum makes the space of deleted rows reusable on its own.
   */
  private long reclaimFreePages() {
    return jdbi.withHandle(
        h -> {
          if (Dialect.of(h) != Dialect.SQLITE) {
            return 0L;
          }
          long free = h.createQuery("PRAGMA freelist_count").mapTo(Long.class).one();
          // Run outside the statement cache and closed at once: a kept, unfinished PRAGMA
          // statement makes the next commit fail with "SQL statements in progress".
          try (java.sql.Statement vacuum = h.getConnection().createStatement()) {
            vacuum.execute("PRAGMA incremental_vacuum");
          } catch (java.sql.SQLException e) {
            throw new StorageException("cannot give free pages back: " + e.getMessage(), e);
          }
          return free;
        });
  }
}
