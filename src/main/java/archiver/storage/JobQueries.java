package archiver.storage;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobFilter;
import archiver.domain.JobStatus;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.Query;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Read-only queries for the operator page and its metrics (docs/ARCHITECTURE.md, "Operator page").
 * They share the bot's one connection ("Decisions"), so each is bounded to touch a few thousand
 * rows at most, through the primary key or an index that exists, and writes nothing.
 */
public final class JobQueries {

  /**
   * Rows of {@code jobs} one list page reads at most. A filter on a finished status or an error
   * type has no index that gives newest first, so the page walks the primary key backwards over
   * this many ids and says where it stopped, instead of sorting every COMPLETED job.
   */
  public static final int SCAN_WINDOW = 5_000;

  private final Jdbi jdbi;

  private JobQueries(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public static JobQueries on(Database db) {
    return new JobQueries(db.jdbi());
  }

  /**
   * One page of jobs, newest first, with ids below {@code beforeId}. {@code nextBeforeId} is where
   * the next (older) page starts, empty when there is nothing older; {@code scannedDownTo} above 0
   * says the page stopped at the scan window before it was full.
   */
  public record JobPage(List<Job> jobs, Optional<Long> nextBeforeId, long scannedDownTo) {
    public JobPage {
      jobs = List.copyOf(jobs);
    }
  }

  public JobPage jobs(JobFilter filter, Optional<Long> beforeId, int limit) {
    long before = beforeId.orElse(Long.MAX_VALUE);
    if (filter.status().isPresent() && filter.status().get().isActive()) {
      // Unfinished jobs are few (the queue is bounded by limits.max_queue_length): the status
      // index finds them all and sorting them is cheap.
      List<Job> jobs =
          jdbi.withHandle(
              h ->
                  bindFilter(
                          h.createQuery(
                              "SELECT "
                                  + JobRows.COLUMNS
                                  + " FROM jobs WHERE status = :status AND id < :before"
                                  + otherFilters()
                                  + " ORDER BY id DESC LIMIT :limit"),
                          filter)
                      .bind("before", before)
                      .bind("limit", limit + 1)
                      .map(JobRows::map)
                      .list());
      return page(jobs, limit, 0);
    }
    long top = Math.min(before, maxJobId() + 1);
    long floor = Math.max(top - SCAN_WINDOW, 0);
    // "+status" keeps SQLite on the primary key: with the status index it would read and sort
    // every job of that status before taking the first few.
    List<Job> jobs =
        jdbi.withHandle(
            h ->
                bindFilter(
                        h.createQuery(
                            "SELECT "
                                + JobRows.COLUMNS
                                + " FROM jobs WHERE id < :top AND id >= :floor"
                                + " AND (CAST(:status AS TEXT) IS NULL OR (status || '') = :status)"
                                + otherFilters()
                                + " ORDER BY id DESC LIMIT :limit"),
                        filter)
                    .bind("top", top)
                    .bind("floor", floor)
                    .bind("limit", limit + 1)
                    .map(JobRows::map)
                    .list());
    return page(jobs, limit, floor);
  }

  private static JobPage page(List<Job> found, int limit, long floor) {
    if (found.size() > limit) {
      List<Job> shown = found.subList(0, limit);
      return new JobPage(shown, Optional.of(shown.getLast().id()), 0);
    }
    return new JobPage(found, floor > 1 ? Optional.of(floor) : Optional.empty(), floor);
  }

  private static String otherFilters() {
    return " AND (CAST(:source AS TEXT) IS NULL OR (source_type || '') = :source)"
        + " AND (CAST(:error AS TEXT) IS NULL OR (error_type || '') = :error)";
  }

  private static Query bindFilter(Query q, JobFilter filter) {
    return q.bind("status", filter.status().map(JobStatus::name).orElse(null))
        .bind("source", filter.source().map(Enum::name).orElse(null))
        .bind("error", filter.errorType().map(ErrorType::name).orElse(null));
  }

  private long maxJobId() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM jobs").mapTo(Long.class).one());
  }

  /** Up to {@code limit} events of a job after event {@code afterId}, oldest first. */
  public List<JobEvent> timeline(long jobId, long afterId, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, job_id, event_type, data, created_at FROM job_events"
                        + " WHERE job_id = :job AND id > :after ORDER BY id LIMIT :limit")
                .bind("job", jobId)
                .bind("after", afterId)
                .bind("limit", limit)
                .map(JobQueries::event)
                .list());
  }

  /** The newest event id, 0 with none: where a reader of new events starts. */
  public long lastEventId() {
    return jdbi.withHandle(
        h -> h.createQuery("SELECT COALESCE(MAX(id), 0) FROM job_events").mapTo(Long.class).one());
  }

  /**
   * An event as a point in time, with the job's error type (set once it failed); for turning the
   * timeline into stage durations and failure counts.
   */
  public record EventMark(
      long id, long jobId, EventType type, Instant at, Optional<ErrorType> jobErrorType) {}

  /** Events of {@code types} after {@code afterId}, oldest first, at most {@code limit}. */
  public List<EventMark> eventsAfter(long afterId, Collection<EventType> types, int limit) {
    if (types.isEmpty()) {
      return List.of();
    }
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT e.id, e.job_id, e.event_type, e.created_at, j.error_type FROM job_events e"
                        + " JOIN jobs j ON j.id = e.job_id"
                        + " WHERE e.id > :after AND e.event_type IN (<types>) ORDER BY e.id LIMIT :limit")
                .bind("after", afterId)
                .bindList("types", types.stream().map(EventType::name).toList())
                .bind("limit", limit)
                .map(
                    (rs, ctx) ->
                        new EventMark(
                            rs.getLong("id"),
                            rs.getLong("job_id"),
                            EventType.valueOf(rs.getString("event_type")),
                            Instant.ofEpochMilli(rs.getLong("created_at")),
                            Optional.ofNullable(rs.getString("error_type"))
                                .map(ErrorType::valueOf)))
                .list());
  }

  /** When the job's latest {@code type} event before event {@code beforeId} happened. */
  public Optional<Instant> latestBefore(long jobId, long beforeId, EventType type) {
    // The (job_id, id) index walks this one job's events backwards from beforeId.
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT created_at FROM job_events WHERE job_id = :job AND id < :before"
                        + " AND event_type = :type ORDER BY id DESC LIMIT 1")
                .bind("job", jobId)
                .bind("before", beforeId)
                .bind("type", type.name())
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  private static JobEvent event(ResultSet rs, StatementContext ctx) throws SQLException {
    return new JobEvent(
        rs.getLong("id"),
        rs.getLong("job_id"),
        EventType.valueOf(rs.getString("event_type")),
        rs.getString("data"),
        Instant.ofEpochMilli(rs.getLong("created_at")));
  }
}
