package archiver.storage;

import archiver.domain.Job;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Jdbi;

/**
 * Leases of unfinished jobs to processes (docs/ARCHITECTURE.md, "Processes and leases"): a QUEUED
 * or RUNNING job belongs to the process that took it while that process renews its heartbeat, and
 * is taken over only once it stopped. Status changes go through the state machine; this class only
 * reads leases and moves them.
 */
public final class JobLeases {

  /** An unfinished job whose owner stopped renewing its lease (null: never had one). */
  public record Orphan(Job job, String owner) {}

  /** A /cancel of a job running in another process, for its owner to act on. */
  public record CancelRequest(long jobId, String by, boolean byAdmin) {}

  /** An owner that renewed its heartbeat at or after {@code :alive} counts as running. */
  private static final String OWNER_GONE =
      " (owner IS NULL OR (owner <> :self AND owner NOT IN"
          + " (SELECT id FROM processes WHERE heartbeat_at >= :alive)))";

  private final Jdbi jdbi;

  JobLeases(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * QUEUED and RUNNING jobs leased to no process that still runs: none renewed its heartbeat since
   * {@code alive}, and it is not {@code self}. Oldest first.
   */
  public List<Job> orphaned(String self, Instant alive) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + JobRows.COLUMNS
                        + " FROM jobs WHERE status IN ('QUEUED','RUNNING') AND"
                        + OWNER_GONE
                        + " ORDER BY id")
                .bind("self", self)
                .bind("alive", alive.toEpochMilli())
                .map(JobRows::map)
                .list());
  }

  /**
   * Leases a QUEUED job whose owner is gone to {@code self}, if it is still QUEUED and still {@code
   * from}'s (another process may have taken it first). Its status does not change: it was already
   * taken off the queue, and now waits for a worker here.
   */
  public boolean adoptQueued(long jobId, String from, String self, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE jobs SET owner = :self, updated_at = :now WHERE id = :id"
                            + " AND status = 'QUEUED' AND owner IS NOT DISTINCT FROM CAST(:from AS TEXT)")
                    .bind("self", self)
                    .bind("now", now.toEpochMilli())
                    .bind("id", jobId)
                    .bind("from", from)
                    .execute())
        == 1;
  }

  /**
   * Asks the owner of a RUNNING job to stop it; false when it is no longer RUNNING. The owner reads
   * the request at its next heartbeat ({@link #cancelRequests}).
   */
  public boolean requestCancel(long jobId, String by, boolean byAdmin, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "UPDATE jobs SET cancel_requested_by = :by, cancel_by_admin = :admin,"
                            + " updated_at = :now WHERE id = :id AND status = 'RUNNING'")
                    .bind("by", by)
                    .bind("admin", byAdmin ? 1 : 0)
                    .bind("now", now.toEpochMilli())
                    .bind("id", jobId)
                    .execute())
        == 1;
  }

  /** The cancel requests for RUNNING jobs leased to {@code owner}. */
  public List<CancelRequest> cancelRequests(String owner) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, cancel_requested_by, cancel_by_admin FROM jobs"
                        + " WHERE owner = :owner AND status = 'RUNNING'"
                        + " AND cancel_requested_by IS NOT NULL")
                .bind("owner", owner)
                .map(
                    (rs, ctx) ->
                        new CancelRequest(rs.getLong(1), rs.getString(2), rs.getInt(3) != 0))
                .list());
  }

  /** The owner has acted on the request. */
  public void cancelHandled(long jobId) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE jobs SET cancel_requested_by = NULL WHERE id = :id")
                .bind("id", jobId)
                .execute());
  }
}
