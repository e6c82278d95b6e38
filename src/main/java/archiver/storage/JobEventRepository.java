package archiver.storage;

import archiver.domain.EventType;
import archiver.domain.JobEvent;
import java.time.Instant;
import java.util.List;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/** The {@code job_events} table: each job's timeline. */
public final class JobEventRepository {
  private final Jdbi jdbi;

  JobEventRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public long insert(long jobId, EventType type, String dataJson, Instant at) {
    return jdbi.withHandle(h -> insert(h, jobId, type, dataJson, at));
  }

  /** Writes {@code events} in order, inside the caller's transaction. */
  static void insertAll(Handle h, long jobId, List<NewEvent> events, Instant at) {
    for (NewEvent event : events) {
      h.createUpdate(
              "INSERT INTO job_events (job_id, event_type, data, created_at)"
                  + " VALUES (:jobId, :type, :data, :at)")
          .bind("jobId", jobId)
          .bind("type", event.type().name())
          .bind("data", event.dataJson() == null ? "{}" : event.dataJson())
          .bind("at", at.toEpochMilli())
          .execute();
    }
  }

  static long insert(Handle h, long jobId, EventType type, String dataJson, Instant at) {
    return h.createUpdate(
            "INSERT INTO job_events (job_id, event_type, data, created_at)"
                + " VALUES (:jobId, :type, :data, :at)")
        .bind("jobId", jobId)
        .bind("type", type.name())
        .bind("data", dataJson == null ? "{}" : dataJson)
        .bind("at", at.toEpochMilli())
        .executeAndReturnGeneratedKeys("id")
        .mapTo(Long.class)
        .one();
  }

  /** The whole timeline of a job, oldest first. */
  public List<JobEvent> forJob(long jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, job_id, event_type, data, created_at FROM job_events"
                        + " WHERE job_id = :jobId ORDER BY id")
                .bind("jobId", jobId)
                .map(JobEventRepository::map)
                .list());
  }

  /** The newest {@code limit} events of a job, oldest first. */
  public List<JobEvent> lastForJob(long jobId, int limit) {
    List<JobEvent> newestFirst =
        jdbi.withHandle(
            h ->
                h.createQuery(
                        "SELECT id, job_id, event_type, data, created_at FROM job_events"
                            + " WHERE job_id = :jobId ORDER BY id DESC LIMIT :limit")
                    .bind("jobId", jobId)
                    .bind("limit", limit)
                    .map(JobEventRepository::map)
                    .list());
    return newestFirst.reversed();
  }

  private static JobEvent map(
      java.sql.ResultSet rs, org.jdbi.v3.core.statement.StatementContext ctx)
      throws java.sql.SQLException {
    return new JobEvent(
        rs.getLong("id"),
        rs.getLong("job_id"),
        EventType.valueOf(rs.getString("event_type")),
        rs.getString("data"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
