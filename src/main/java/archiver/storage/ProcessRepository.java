package archiver.storage;

import archiver.domain.ProcessIdentity;
import archiver.domain.ProcessRole;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code processes} table: one row per running bot or worker process, with the heartbeat that
 * keeps its jobs' leases (docs/ARCHITECTURE.md, "Processes and leases").
 */
public final class ProcessRepository {

  /** A process as its row says: who, since when, and when it last renewed its heartbeat. */
  public record ProcessRow(
      ProcessIdentity identity, int maxParallelJobs, Instant startedAt, Instant heartbeatAt) {}

  private final Jdbi jdbi;

  ProcessRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Adds this process (or renews its row, when it registers again after losing it). */
  public void register(ProcessIdentity self, int maxParallelJobs, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO processes (id, role, host, pid, max_parallel_jobs, started_at,"
                        + " heartbeat_at) VALUES (:id, :role, :host, :pid, :max, :now, :now)"
                        + " ON CONFLICT (id) DO UPDATE SET heartbeat_at = :now")
                .bind("id", self.id())
                .bind("role", self.role().name())
                .bind("host", self.host())
                .bind("pid", self.pid())
                .bind("max", maxParallelJobs)
                .bind("now", now.toEpochMilli())
                .execute());
  }

  /** Renews the heartbeat; false when the row is gone (then the caller registers again). */
  public boolean beat(String id, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate("UPDATE processes SET heartbeat_at = :now WHERE id = :id")
                    .bind("now", now.toEpochMilli())
                    .bind("id", id)
                    .execute())
        == 1;
  }

  /** This process stops: its row goes (its jobs, if any are left, wait for recovery). */
  public void remove(String id) {
    jdbi.useHandle(
        h -> h.createUpdate("DELETE FROM processes WHERE id = :id").bind("id", id).execute());
  }

  /**
   * Forgets every process but {@code self}: on SQLite the instance lock means no other one runs, so
   * their rows are left by processes that died.
   */
  public int removeAllBut(String self) {
    return jdbi.withHandle(
        h -> h.createUpdate("DELETE FROM processes WHERE id <> :id").bind("id", self).execute());
  }

  /**
   * Forgets processes silent since {@code before} (long dead: their jobs were taken over), so the
   * table stays the list of who runs.
   */
  public int removeSilentSince(Instant before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM processes WHERE heartbeat_at < :before")
                .bind("before", before.toEpochMilli())
                .execute());
  }

  /** Every process with a row, first started first (for {@code doctor} and /health). */
  public List<ProcessRow> list() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, role, host, pid, max_parallel_jobs, started_at, heartbeat_at"
                        + " FROM processes ORDER BY started_at, id")
                .map(
                    (rs, ctx) ->
                        new ProcessRow(
                            new ProcessIdentity(
                                rs.getString("id"),
                                ProcessRole.valueOf(rs.getString("role")),
                                rs.getString("host"),
                                rs.getLong("pid")),
                            rs.getInt("max_parallel_jobs"),
                            Instant.ofEpochMilli(rs.getLong("started_at")),
                            Instant.ofEpochMilli(rs.getLong("heartbeat_at"))))
                .list());
  }
}
