package archiver.storage;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.NewJob;
import archiver.domain.SourceType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * The {@code jobs} table. {@link #compareAndSetStatus} is the only statement that writes {@code
 * status}, and only {@code JobStateMachine} calls it.
 */
public final class JobRepository {

  private static final String COLUMNS =
      "id, url, normalized_url, media_id, source_type, job_type, requested_quality, status,"
          + " retry_count, job_key, auth_profile_id, user_id, chat_id, created_at, updated_at,"
          + " next_attempt_at, started_at, final_title, file_path, file_size_bytes, archived,"
          + " telegram_file_id, error_type, error_message, http_status, progress";

  private final Jdbi jdbi;

  JobRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** The new job's id and its JOB_CREATED event's id, written in one transaction. */
  public record Created(long jobId, long eventId) {}

  /** Stores a new PENDING job together with its JOB_CREATED event. */
  public Created insert(NewJob job, Instant now, String createdEventJson) {
    return jdbi.inTransaction(
        h -> {
          long id =
              h.createUpdate(
                      "INSERT INTO jobs (url, normalized_url, media_id, source_type, job_type,"
                          + " requested_quality, status, retry_count, job_key, auth_profile_id,"
                          + " user_id, chat_id, created_at, updated_at, next_attempt_at)"
                          + " VALUES (:url, :normalizedUrl, :mediaId, :sourceType, :jobType,"
                          + " :quality, 'PENDING', 0, :jobKey, :authProfileId, :userId, :chatId,"
                          + " :now, :now, :now)")
                  .bind("url", job.url())
                  .bind("normalizedUrl", job.normalizedUrl())
                  .bind("mediaId", job.mediaId())
                  .bind("sourceType", job.sourceType().name())
                  .bind("jobType", job.jobType().name())
                  .bind("quality", job.requestedQuality())
                  .bind("jobKey", job.jobKey())
                  .bind("authProfileId", job.authProfileId())
                  .bind("userId", job.userId())
                  .bind("chatId", job.chatId())
                  .bind("now", now.toEpochMilli())
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          long eventId =
              JobEventRepository.insert(h, id, EventType.JOB_CREATED, createdEventJson, now);
          if (job.chatId() != null) {
            h.createUpdate(
                    "INSERT INTO job_requesters (job_id, chat_id, user_id, created_at)"
                        + " VALUES (:job, :chat, :user, :now)")
                .bind("job", id)
                .bind("chat", job.chatId())
                .bind("user", job.userId())
                .bind("now", now.toEpochMilli())
                .execute();
          }
          return new Created(id, eventId);
        });
  }

  /**
   * Moves {@code status} from {@code from} to {@code to} if, and only if, the row still has {@code
   * from}; in the same transaction writes {@code changes} and the STATUS_CHANGED event.
   */
  public TransitionOutcome compareAndSetStatus(
      long jobId,
      JobStatus from,
      JobStatus to,
      JobChanges changes,
      String statusChangedEventJson,
      Instant now) {
    return jdbi.inTransaction(
        h -> {
          int rows =
              h.createUpdate(
                      "UPDATE jobs SET status = :to, updated_at = :now,"
                          + " started_at = CASE WHEN :to = 'RUNNING' THEN :now ELSE started_at END,"
                          + " retry_count = retry_count + :increment,"
                          + " next_attempt_at = COALESCE(:nextAttemptAt, next_attempt_at),"
                          + " error_type = CASE WHEN :clearError THEN NULL"
                          + "   ELSE COALESCE(:errorType, error_type) END,"
                          + " error_message = CASE WHEN :clearError THEN NULL"
                          + "   ELSE COALESCE(:errorMessage, error_message) END,"
                          + " http_status = CASE WHEN :clearError THEN NULL"
                          + "   ELSE COALESCE(:httpStatus, http_status) END"
                          + " WHERE id = :id AND status = :from")
                  .bind("to", to.name())
                  .bind("from", from.name())
                  .bind("id", jobId)
                  .bind("now", now.toEpochMilli())
                  .bind("increment", changes.incrementRetryCount() ? 1 : 0)
                  .bind(
                      "nextAttemptAt",
                      changes.nextAttemptAt() == null ? null : changes.nextAttemptAt().toEpochMilli())
                  .bind("clearError", changes.clearError())
                  .bind("errorType", changes.errorType() == null ? null : changes.errorType().name())
                  .bind("errorMessage", changes.errorMessage())
                  .bind("httpStatus", changes.httpStatus())
                  .execute();
          if (rows == 1) {
            long eventId =
                JobEventRepository.insert(
                    h, jobId, EventType.STATUS_CHANGED, statusChangedEventJson, now);
            return new TransitionOutcome.Applied(eventId);
          }
          Optional<String> actual =
              h.createQuery("SELECT status FROM jobs WHERE id = :id")
                  .bind("id", jobId)
                  .mapTo(String.class)
                  .findOne();
          return actual
              .<TransitionOutcome>map(s -> new TransitionOutcome.Lost(JobStatus.valueOf(s)))
              .orElseGet(TransitionOutcome.NotFound::new);
        });
  }

  public Optional<Job> findById(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", id)
                .map(JobRepository::map)
                .findOne());
  }

  /** Newest first; all statuses when {@code status} is empty. */
  public List<Job> list(Optional<JobStatus> status, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM jobs"
                        + " WHERE (:status IS NULL OR status = :status)"
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("status", status.map(Enum::name).orElse(null))
                .bind("limit", limit)
                .map(JobRepository::map)
                .list());
  }

  public Map<JobStatus, Long> countByStatus() {
    Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
    for (JobStatus s : JobStatus.values()) {
      counts.put(s, 0L);
    }
    jdbi.useHandle(
        h ->
            h.createQuery("SELECT status, COUNT(*) AS n FROM jobs GROUP BY status")
                .map((rs, ctx) -> Map.entry(rs.getString("status"), rs.getLong("n")))
                .forEach(e -> counts.put(JobStatus.valueOf(e.getKey()), e.getValue())));
    return counts;
  }

  /** Records the latest progress (a small JSON object) without touching the status. */
  public void updateProgress(long jobId, String progressJson, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate("UPDATE jobs SET progress = :p, updated_at = :now WHERE id = :id")
                .bind("p", progressJson)
                .bind("now", now.toEpochMilli())
                .bind("id", jobId)
                .execute());
  }

  /** Records the produced file and its title once the pipeline has validated it. */
  public void recordOutput(long jobId, String title, String filePath, long sizeBytes, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE jobs SET final_title = :title, file_path = :path,"
                        + " file_size_bytes = :size, updated_at = :now WHERE id = :id")
                .bind("title", title)
                .bind("path", filePath)
                .bind("size", sizeBytes)
                .bind("now", now.toEpochMilli())
                .bind("id", jobId)
                .execute());
  }

  private static final String ACTIVE = "('PENDING','QUEUED','RUNNING')";

  /** The oldest unfinished job with this key, which a new identical request joins. */
  public Optional<Job> findActiveByKey(String jobKey) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM jobs WHERE job_key = :key AND status IN " + ACTIVE
                        + " ORDER BY id LIMIT 1")
                .bind("key", jobKey)
                .map(JobRepository::map)
                .findOne());
  }

  /** The newest completed job with this key whose media Telegram already holds (a file_id). */
  public Optional<Job> findDeliveredByKey(String jobKey) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM jobs WHERE job_key = :key AND status = 'COMPLETED'"
                        + " AND telegram_file_id IS NOT NULL ORDER BY id DESC LIMIT 1")
                .bind("key", jobKey)
                .map(JobRepository::map)
                .findOne());
  }

  /** Jobs waiting for a worker (PENDING and QUEUED): the queue length. */
  public int countWaiting() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT COUNT(*) FROM jobs WHERE status IN ('PENDING','QUEUED')")
                .mapTo(Integer.class)
                .one());
  }

  public int countActiveForUser(long userId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM jobs WHERE user_id = :u AND status IN " + ACTIVE)
                .bind("u", userId)
                .mapTo(Integer.class)
                .one());
  }

  /** How many jobs a user or chat created since {@code since}, and when the oldest was created. */
  public record WindowCount(int count, Optional<Instant> oldest) {}

  public WindowCount countCreatedByUserSince(long userId, Instant since) {
    return windowCount("user_id", userId, since);
  }

  public WindowCount countCreatedInChatSince(long chatId, Instant since) {
    return windowCount("chat_id", chatId, since);
  }

  private WindowCount windowCount(String column, long id, Instant since) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) AS n, MIN(created_at) AS oldest FROM jobs WHERE "
                        + column + " = :id AND created_at > :since")
                .bind("id", id)
                .bind("since", since.toEpochMilli())
                .map(
                    (rs, ctx) -> {
                      long oldest = rs.getLong("oldest");
                      boolean none = rs.wasNull();
                      return new WindowCount(
                          rs.getInt("n"),
                          none ? Optional.<Instant>empty() : Optional.of(Instant.ofEpochMilli(oldest)));
                    })
                .one());
  }

  /** PENDING jobs whose next attempt is due, oldest first. */
  public List<Job> findDuePending(Instant now, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM jobs WHERE status = 'PENDING'"
                        + " AND (next_attempt_at IS NULL OR next_attempt_at <= :now)"
                        + " ORDER BY id LIMIT :limit")
                .bind("now", now.toEpochMilli())
                .bind("limit", limit)
                .map(JobRepository::map)
                .list());
  }

  /** Every job in one status, oldest first (recovery and the scheduler's QUEUED pick-up). */
  public List<Job> findByStatus(JobStatus status, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM jobs WHERE status = :s ORDER BY id LIMIT :limit")
                .bind("s", status.name())
                .bind("limit", limit)
                .map(JobRepository::map)
                .list());
  }

  /** The earliest time a PENDING job becomes due after {@code now}, for the scheduler's sleep. */
  public Optional<Instant> nextDueAfter(Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT MIN(next_attempt_at) FROM jobs WHERE status = 'PENDING'"
                        + " AND next_attempt_at > :now")
                .bind("now", now.toEpochMilli())
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  /** 1 for the next job to run: waiting jobs created before this one, plus one. */
  public int queuePosition(long jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM jobs WHERE status IN ('PENDING','QUEUED') AND id < :id")
                .bind("id", jobId)
                .mapTo(Integer.class)
                .one())
        + 1;
  }

  public void setTelegramFileId(long jobId, String fileId, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE jobs SET telegram_file_id = :f, updated_at = :now WHERE id = :id")
                .bind("f", fileId)
                .bind("now", now.toEpochMilli())
                .bind("id", jobId)
                .execute());
  }

  /** Forgets stored file_ids of a key (an admin's /uncache after a bad file). */
  public int clearTelegramFileIds(String jobKey, Instant now) {
    return jdbi.withHandle(
        h ->
            h.createUpdate(
                    "UPDATE jobs SET telegram_file_id = NULL, updated_at = :now"
                        + " WHERE job_key = :key AND telegram_file_id IS NOT NULL")
                .bind("key", jobKey)
                .bind("now", now.toEpochMilli())
                .execute());
  }

  public void markArchived(long jobId, String archivedPath, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE jobs SET file_path = :p, archived = 1, updated_at = :now WHERE id = :id")
                .bind("p", archivedPath)
                .bind("now", now.toEpochMilli())
                .bind("id", jobId)
                .execute());
  }

  // ---- requesters ------------------------------------------------------------------------

  /** Adds a chat to those waiting for a job; false when it was already there. */
  public boolean addRequester(long jobId, long chatId, Long userId, Instant now) {
    return jdbi.withHandle(
            h ->
                h.createUpdate(
                        "INSERT OR IGNORE INTO job_requesters (job_id, chat_id, user_id, created_at)"
                            + " VALUES (:job, :chat, :user, :now)")
                    .bind("job", jobId)
                    .bind("chat", chatId)
                    .bind("user", userId)
                    .bind("now", now.toEpochMilli())
                    .execute())
        == 1;
  }

  public List<archiver.domain.Requester> requesters(long jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT job_id, chat_id, user_id, created_at, delivered_at FROM job_requesters"
                        + " WHERE job_id = :job ORDER BY created_at, chat_id")
                .bind("job", jobId)
                .map(
                    (rs, ctx) -> {
                      long user = rs.getLong("user_id");
                      boolean noUser = rs.wasNull();
                      long delivered = rs.getLong("delivered_at");
                      boolean notDelivered = rs.wasNull();
                      return new archiver.domain.Requester(
                          rs.getLong("job_id"),
                          rs.getLong("chat_id"),
                          noUser ? null : user,
                          Instant.ofEpochMilli(rs.getLong("created_at")),
                          notDelivered ? null : Instant.ofEpochMilli(delivered));
                    })
                .list());
  }

  public void markDelivered(long jobId, long chatId, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE job_requesters SET delivered_at = :now WHERE job_id = :job AND chat_id = :chat")
                .bind("now", now.toEpochMilli())
                .bind("job", jobId)
                .bind("chat", chatId)
                .execute());
  }

  /** Jobs being worked on, per source (for /health). */
  public Map<SourceType, Long> countRunningBySource() {
    Map<SourceType, Long> counts = new EnumMap<>(SourceType.class);
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT source_type, COUNT(*) AS n FROM jobs WHERE status = 'RUNNING'"
                        + " GROUP BY source_type")
                .map((rs, ctx) -> Map.entry(rs.getString("source_type"), rs.getLong("n")))
                .forEach(e -> counts.put(SourceType.valueOf(e.getKey()), e.getValue())));
    return counts;
  }

  /** Failed jobs per error type whose failure happened since {@code since} (for /health). */
  public Map<ErrorType, Long> countFailuresByTypeSince(Instant since) {
    Map<ErrorType, Long> counts = new EnumMap<>(ErrorType.class);
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT error_type, COUNT(*) AS n FROM jobs WHERE status = 'FAILED'"
                        + " AND updated_at >= :since AND error_type IS NOT NULL GROUP BY error_type")
                .bind("since", since.toEpochMilli())
                .map((rs, ctx) -> Map.entry(rs.getString("error_type"), rs.getLong("n")))
                .forEach(e -> counts.put(ErrorType.valueOf(e.getKey()), e.getValue())));
    return counts;
  }

  /** The unfinished jobs, oldest first (for /queue). */
  public List<Job> listActive(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM jobs WHERE status IN " + ACTIVE + " ORDER BY id LIMIT :limit")
                .bind("limit", limit)
                .map(JobRepository::map)
                .list());
  }

  static Job map(ResultSet rs, StatementContext ctx) throws SQLException {
    return new Job(
        rs.getLong("id"),
        rs.getString("url"),
        rs.getString("normalized_url"),
        rs.getString("media_id"),
        SourceType.valueOf(rs.getString("source_type")),
        JobType.valueOf(rs.getString("job_type")),
        rs.getString("requested_quality"),
        JobStatus.valueOf(rs.getString("status")),
        rs.getInt("retry_count"),
        rs.getString("job_key"),
        rs.getString("auth_profile_id"),
        nullableLong(rs, "user_id"),
        nullableLong(rs, "chat_id"),
        instant(rs, "created_at"),
        instant(rs, "updated_at"),
        instant(rs, "next_attempt_at"),
        instant(rs, "started_at"),
        rs.getString("final_title"),
        rs.getString("file_path"),
        nullableLong(rs, "file_size_bytes"),
        rs.getInt("archived") != 0,
        rs.getString("telegram_file_id"),
        rs.getString("error_type") == null ? null : ErrorType.valueOf(rs.getString("error_type")),
        rs.getString("error_message"),
        rs.getObject("http_status") == null ? null : rs.getInt("http_status"),
        rs.getString("progress"));
  }

  private static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
