package archiver.storage;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.NewJob;
import archiver.domain.Requester;
import archiver.domain.SourceType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
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
          + " telegram_file_id, error_type, error_message, http_status, progress, media, part_count";

  private static final String ACTIVE = "('PENDING','QUEUED','RUNNING')";

  private final Jdbi jdbi;

  JobRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores a new PENDING job together with its JOB_CREATED event and its first requester. */
  public Job insert(NewJob job, Instant now, String createdEventJson) {
    return jdbi.inTransaction(h -> insert(h, job, null, now, createdEventJson));
  }

  /**
   * Runs {@code work} as one write transaction: what a submission checks (an identical job, the
   * limits) and what it writes cannot be changed by anyone else in between, in this process or
   * another, and it costs one commit.
   */
  public <R> R submitting(java.util.function.Function<Submission, R> work) {
    return jdbi.inTransaction(h -> work.apply(new Submission(h)));
  }

  /** The reads and writes of one submission, inside its transaction (see {@link #submitting}). */
  public static final class Submission {
    private final Handle h;

    private Submission(Handle h) {
      this.h = h;
    }

    /**
     * The job a new request with this key can reuse: the oldest unfinished one (the request joins
     * it), else the newest completed one whose media Telegram already holds (a file_id).
     */
    public Optional<Job> findReusableByKey(String jobKey) {
      return h.createQuery(
              "SELECT " + COLUMNS + " FROM jobs WHERE job_key = :key AND (status IN " + ACTIVE
                  + " OR (status = 'COMPLETED' AND telegram_file_id IS NOT NULL))"
                  + " ORDER BY status = 'COMPLETED', CASE WHEN status = 'COMPLETED' THEN -id"
                  + " ELSE id END LIMIT 1")
          .bind("key", jobKey)
          .map(JobRepository::map)
          .findOne();
    }

    /**
     * What the submission limits are checked against, read in one statement: the queue length,
     * the user's unfinished jobs, and the jobs of the user and of the chat created since {@code
     * since}. A null user or chat counts nothing.
     */
    public LimitCounts limitCounts(Long userId, Long chatId, Instant since) {
      return h.createQuery(
              "SELECT (SELECT COUNT(*) FROM jobs WHERE status IN ('PENDING','QUEUED')) AS waiting,"
                  + " (SELECT COUNT(*) FROM jobs WHERE user_id = :user AND status IN " + ACTIVE
                  + ") AS active,"
                  + " (SELECT COUNT(*) FROM jobs WHERE user_id = :user AND created_at > :since) AS user_n,"
                  + " (SELECT MIN(created_at) FROM jobs WHERE user_id = :user AND created_at > :since)"
                  + " AS user_oldest,"
                  + " (SELECT COUNT(*) FROM jobs WHERE chat_id = :chat AND created_at > :since) AS chat_n,"
                  + " (SELECT MIN(created_at) FROM jobs WHERE chat_id = :chat AND created_at > :since)"
                  + " AS chat_oldest")
          .bind("user", userId)
          .bind("chat", chatId)
          .bind("since", since.toEpochMilli())
          .map(
              (rs, ctx) ->
                  new LimitCounts(
                      rs.getInt("waiting"),
                      rs.getInt("active"),
                      new WindowCount(rs.getInt("user_n"), Optional.ofNullable(instant(rs, "user_oldest"))),
                      new WindowCount(rs.getInt("chat_n"), Optional.ofNullable(instant(rs, "chat_oldest")))))
          .one();
    }

    /** As {@link JobRepository#insert}, with the first requester's language. */
    public Job insert(NewJob job, String language, Instant now, String createdEventJson) {
      return JobRepository.insert(h, job, language, now, createdEventJson);
    }

    /**
     * Adds a chat to those waiting for a job, with {@code events}; false (and nothing written)
     * when it was already there.
     */
    public boolean addRequester(
        long jobId, long chatId, Long userId, String language, List<NewEvent> events, Instant now) {
      return DeliveryRepository.addRequester(h, jobId, chatId, userId, language, events, now);
    }

    /**
     * Makes the chat wait again for a finished job's media, answered from Telegram's copy by the
     * fan-out (also when it received it before: a new request is a new delivery).
     */
    public void requestAgain(
        long jobId, long chatId, Long userId, String language, List<NewEvent> events, Instant now) {
      DeliveryRepository.requestAgain(h, jobId, chatId, userId, language, events, now);
    }

    /** Records this effect of an update; false when a replay of the update brought it before. */
    public boolean claimUpdate(archiver.domain.UpdateRef ref, Instant now) {
      return DeliveryRepository.claimUpdate(h, ref, now);
    }
  }

  private static Job insert(Handle h, NewJob job, String language, Instant now, String createdEventJson) {
    Job created =
        h.createQuery(
                "INSERT INTO jobs (url, normalized_url, media_id, source_type, job_type,"
                    + " requested_quality, status, retry_count, job_key, auth_profile_id,"
                    + " user_id, chat_id, created_at, updated_at, next_attempt_at)"
                    + " VALUES (:url, :normalizedUrl, :mediaId, :sourceType, :jobType,"
                    + " :quality, 'PENDING', 0, :jobKey, :authProfileId, :userId, :chatId,"
                    + " :now, :now, :now) RETURNING " + COLUMNS)
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
            .map(JobRepository::map)
            .one();
    JobEventRepository.insertAll(
        h, created.id(), List.of(new NewEvent(EventType.JOB_CREATED, createdEventJson)), now);
    if (job.chatId() != null) {
      DeliveryRepository.addRequester(h, created.id(), job.chatId(), job.userId(), language, List.of(), now);
    }
    return created;
  }

  /**
   * Moves {@code status} from {@code from} to {@code to} if, and only if, the row still has {@code
   * from}; in the same transaction writes {@code changes}, then {@code before}, the STATUS_CHANGED
   * event and {@code after}. Nothing is written when the row had moved on.
   */
  public TransitionOutcome compareAndSetStatus(
      long jobId,
      JobStatus from,
      JobStatus to,
      JobChanges changes,
      String statusChangedEventJson,
      List<NewEvent> before,
      List<NewEvent> after,
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
            JobEventRepository.insertAll(h, jobId, before, now);
            JobEventRepository.insertAll(
                h, jobId, List.of(new NewEvent(EventType.STATUS_CHANGED, statusChangedEventJson)), now);
            JobEventRepository.insertAll(h, jobId, after, now);
            return new TransitionOutcome.Applied();
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

  /** The job with its produced file recorded, and everyone who asked for it. */
  public record RecordedOutput(Job job, List<Requester> requesters) {}

  /**
   * Records the produced file and its title once the pipeline has validated it, with {@code
   * events} in the same transaction; returns the updated job and its requesters (empty if the job
   * no longer exists).
   */
  public Optional<RecordedOutput> recordOutput(
      long jobId, String title, String filePath, long sizeBytes, String mediaJson, int partCount,
      List<NewEvent> events, Instant now) {
    return jdbi.inTransaction(
        h -> {
          Optional<Job> updated =
              h.createQuery(
                      "UPDATE jobs SET final_title = :title, file_path = :path,"
                          + " file_size_bytes = :size, media = :media, part_count = :parts, updated_at = :now"
                          + " WHERE id = :id RETURNING " + COLUMNS)
                  .bind("title", title)
                  .bind("media", mediaJson)
                  .bind("parts", partCount)
                  .bind("path", filePath)
                  .bind("size", sizeBytes)
                  .bind("now", now.toEpochMilli())
                  .bind("id", jobId)
                  .map(JobRepository::map)
                  .findOne();
          if (updated.isEmpty()) {
            return Optional.empty();
          }
          JobEventRepository.insertAll(h, jobId, events, now);
          return Optional.of(new RecordedOutput(updated.get(), DeliveryRepository.requesters(h, jobId)));
        });
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

  /** What the submission limits are checked against (see {@link Submission#limitCounts}). */
  public record LimitCounts(int waiting, int activeForUser, WindowCount userSince, WindowCount chatSince) {}

  /** How many jobs a user or chat created since {@code since}, and when the oldest was created. */
  public record WindowCount(int count, Optional<Instant> oldest) {}

  /** How many jobs one pick may start: in all, and per source (a source not listed: none). */
  public record ClaimQuota(int total, Map<SourceType, Integer> perSource) {
    public ClaimQuota {
      perSource = Map.copyOf(perSource);
    }
  }

  /**
   * Moves due PENDING jobs to QUEUED, first due first (a new job is due when it is created, a
   * retry when its back-off ends; ties by id), as many as {@code quota} allows in all and per
   * source, each with its STATUS_CHANGED event, in one transaction; returns them as they now are.
   * The order follows the {@code jobs_status_due} index, so a pick reads only the rows it takes,
   * however long the queue. Only {@code JobStateMachine} calls this.
   */
  public List<Job> claimDuePending(Instant now, ClaimQuota quota, String statusChangedEventJson) {
    if (quota.total() <= 0) {
      return List.of();
    }
    return jdbi.inTransaction(
        h -> {
          Map<SourceType, Integer> left = new EnumMap<>(SourceType.class);
          for (SourceType source : SourceType.values()) {
            left.put(source, quota.perSource().getOrDefault(source, 0));
          }
          List<Job> claimed = new java.util.ArrayList<>();
          boolean more = true;
          while (more && claimed.size() < quota.total()) {
            List<String> full =
                left.entrySet().stream().filter(e -> e.getValue() <= 0).map(e -> e.getKey().name()).toList();
            if (full.size() == left.size()) {
              break;
            }
            List<Job> due =
                h.createQuery(
                        "SELECT " + COLUMNS + " FROM jobs WHERE status = 'PENDING'"
                            + " AND next_attempt_at <= :now"
                            + (full.isEmpty() ? "" : " AND source_type NOT IN (<full>)")
                            + " ORDER BY next_attempt_at, id LIMIT :limit")
                    .bind("now", now.toEpochMilli())
                    .bind("limit", quota.total() - claimed.size())
                    .bindList(org.jdbi.v3.core.statement.EmptyHandling.BLANK, "full", full)
                    .map(JobRepository::map)
                    .list();
            // Another look is needed only if a source filled up part way through these rows.
            more = false;
            for (Job job : due) {
              if (left.get(job.sourceType()) <= 0) {
                more = true;
                continue;
              }
              Optional<Job> queued =
                  h.createQuery(
                          "UPDATE jobs SET status = 'QUEUED', updated_at = :now"
                              + " WHERE id = :id AND status = 'PENDING' RETURNING " + COLUMNS)
                      .bind("now", now.toEpochMilli())
                      .bind("id", job.id())
                      .map(JobRepository::map)
                      .findOne();
              if (queued.isPresent()) {
                JobEventRepository.insertAll(
                    h, job.id(), List.of(new NewEvent(EventType.STATUS_CHANGED, statusChangedEventJson)), now);
                left.merge(job.sourceType(), -1, Integer::sum);
                claimed.add(queued.get());
              }
            }
          }
          return claimed;
        });
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

  /** Forgets stored file_ids of a key (an admin's /uncache after a bad file). */
  public int clearTelegramFileIds(String jobKey, Instant now) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "DELETE FROM job_parts WHERE job_id IN (SELECT id FROM jobs WHERE job_key = :key)")
              .bind("key", jobKey)
              .execute();
          return h.createUpdate(
                  "UPDATE jobs SET telegram_file_id = NULL, updated_at = :now"
                      + " WHERE job_key = :key AND telegram_file_id IS NOT NULL")
              .bind("key", jobKey)
              .bind("now", now.toEpochMilli())
              .execute();
        });
  }

  /**
   * Points the job at its files in the archive (its file path is the first part's, {@code
   * mediaJson} the record of every part where it now is), with {@code events} in the same
   * transaction; {@code whole}: every part is in the archive. Returns the updated job (empty if it
   * no longer exists).
   */
  public Optional<Job> markArchived(
      long jobId, String archivedPath, String mediaJson, boolean whole, List<NewEvent> events, Instant now) {
    return jdbi.inTransaction(
        h -> {
          Optional<Job> updated =
              h.createQuery(
                      "UPDATE jobs SET file_path = :p, media = :media, archived = :archived, updated_at = :now"
                          + " WHERE id = :id RETURNING " + COLUMNS)
                  .bind("p", archivedPath)
                  .bind("media", mediaJson)
                  .bind("archived", whole ? 1 : 0)
                  .bind("now", now.toEpochMilli())
                  .bind("id", jobId)
                  .map(JobRepository::map)
                  .findOne();
          updated.ifPresent(job -> JobEventRepository.insertAll(h, jobId, events, now));
          return updated;
        });
  }

  // ---- requesters ------------------------------------------------------------------------

  /** Everyone who asked for a job, first asker first. */
  public List<Requester> requesters(long jobId) {
    return jdbi.withHandle(h -> DeliveryRepository.requesters(h, jobId));
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
        rs.getString("progress"),
        rs.getString("media"),
        rs.getInt("part_count"));
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
