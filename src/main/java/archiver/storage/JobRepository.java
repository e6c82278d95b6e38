package archiver.storage;

import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.NewJob;
import archiver.domain.Requester;
import archiver.domain.SourceType;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.jdbi.v3.core.Jdbi;

/**
 * The {@code jobs} table. {@link #compareAndSetStatus} and {@link #claimDuePending} are the only
 * statements that write {@code status}, and only {@code JobStateMachine} calls them. Submissions
 * read and write through {@link JobSubmission}; rows are read by {@link JobRows}.
 */
public final class JobRepository {

  private final Jdbi jdbi;

  JobRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores a new PENDING job together with its JOB_CREATED event and its first requester. */
  public Job insert(NewJob job, Instant now, String createdEventJson) {
    return jdbi.inTransaction(h -> JobSubmission.insert(h, job, null, now, createdEventJson));
  }

  /**
   * Runs {@code work} as one write transaction: what a submission checks (an identical job, the
   * limits) and what it writes cannot be changed by anyone else in between, in this process or
   * another, and it costs one commit.
   */
  public <R> R submitting(Function<JobSubmission, R> work) {
    return jdbi.inTransaction(
        h -> {
          Serial.SUBMISSION.take(h);
          return work.apply(new JobSubmission(h));
        });
  }

  /**
   * Moves {@code status} from {@code from} to {@code to} if, and only if, the row still has {@code
   * from}; in the same transaction writes {@code columns} and {@code events}, in their order.
   * Nothing is written when the row had moved on, or is not under the {@code lease} the change
   * expects.
   */
  /**
   * What a compare-and-set found: whether it was applied, and the status the row had (empty: no
   * such job). Not applied with {@code found} equal to the expected status: the lease had moved.
   */
  public record StatusSwap(boolean applied, Optional<JobStatus> found) {}

  public StatusSwap compareAndSetStatus(
      long jobId,
      JobStatus from,
      JobStatus to,
      StatusColumns columns,
      OwnerCheck lease,
      List<NewEvent> events,
      Instant now) {
    return jdbi.inTransaction(
        h -> StatusSwaps.apply(h, jobId, from, to, columns, lease, events, now));
  }

  /** The playlist a batch made this job for: its title (else link), the place, the size. */
  public Optional<ArchiveMetadata.Series> seriesOf(long jobId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COALESCE(NULLIF(b.title, ''), b.url) AS title, i.position,"
                        + " b.item_count FROM jobs j JOIN batches b ON b.id = j.batch_id"
                        // By link too: the runner records the job id just after the job exists.
                        + " JOIN batch_items i ON i.batch_id = b.id"
                        + " AND (i.job_id = j.id OR i.url = j.url)"
                        + " WHERE j.id = :id ORDER BY i.position LIMIT 1")
                .bind("id", jobId)
                .map(
                    (rs, ctx) ->
                        new ArchiveMetadata.Series(
                            rs.getString("title"), rs.getInt("position"), rs.getInt("item_count")))
                .findOne());
  }

  public Optional<Job> findById(long id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + JobRows.COLUMNS + " FROM jobs WHERE id = :id")
                .bind("id", id)
                .map(JobRows::map)
                .findOne());
  }

  /** Newest first; all statuses when {@code status} is empty. */
  public List<Job> list(Optional<JobStatus> status, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + JobRows.COLUMNS
                        + " FROM jobs"
                        + " WHERE (CAST(:status AS TEXT) IS NULL OR status = :status)"
                        + " ORDER BY id DESC LIMIT :limit")
                .bind("status", status.map(Enum::name).orElse(null))
                .bind("limit", limit)
                .map(JobRows::map)
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
   * Records the produced file and its title once the pipeline has validated it, with {@code events}
   * in the same transaction; returns the updated job and its requesters (empty if the job no longer
   * exists).
   */
  public Optional<RecordedOutput> recordOutput(
      long jobId,
      String title,
      String filePath,
      long sizeBytes,
      String mediaJson,
      int partCount,
      List<NewEvent> events,
      Instant now) {
    return jdbi.inTransaction(
        h -> {
          Optional<Job> updated =
              h.createQuery(
                      "UPDATE jobs SET final_title = :title, file_path = :path,"
                          + " file_size_bytes = :size, media = :media, part_count = :parts, updated_at = :now"
                          + " WHERE id = :id RETURNING "
                          + JobRows.COLUMNS)
                  .bind("title", title)
                  .bind("media", mediaJson)
                  .bind("parts", partCount)
                  .bind("path", filePath)
                  .bind("size", sizeBytes)
                  .bind("now", now.toEpochMilli())
                  .bind("id", jobId)
                  .map(JobRows::map)
                  .findOne();
          if (updated.isEmpty()) {
            return Optional.empty();
          }
          JobEventRepository.insertAll(h, jobId, events, now);
          return Optional.of(
              new RecordedOutput(updated.get(), DeliveryRepository.requesters(h, jobId)));
        });
  }

  public int countActiveForUser(long userId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT COUNT(*) FROM jobs WHERE user_id = :u AND status IN " + JobRows.ACTIVE)
                .bind("u", userId)
                .mapTo(Integer.class)
                .one());
  }

  /**
   * How many jobs one pick may start: in all and per source (a source not listed: none), as this
   * process has free workers; and {@code sourceLimits}, each source's limit over every process (its
   * QUEUED and RUNNING jobs anywhere count against it; a source not listed: no such limit).
   */
  public record ClaimQuota(
      int total, Map<SourceType, Integer> perSource, Map<SourceType, Integer> sourceLimits) {
    public ClaimQuota {
      perSource = Map.copyOf(perSource);
      sourceLimits = Map.copyOf(sourceLimits);
    }

    public ClaimQuota(int total, Map<SourceType, Integer> perSource) {
      this(total, perSource, Map.of());
    }
  }

  /**
   * Moves due PENDING jobs to QUEUED, first due first (a new job is due when it is created, a retry
   * when its back-off ends; ties by id), as many as {@code quota} allows in all and per source,
   * each with {@code events} (its STATUS_CHANGED), in one transaction, leased to {@code owner};
   * returns them as they now are. The order follows the {@code jobs_status_due} index, so a pick
   * reads only the rows it takes, however long the queue. Only {@code JobStateMachine} calls this.
   */
  public List<Job> claimDuePending(
      Instant now, String owner, ClaimQuota quota, List<NewEvent> events) {
    if (quota.total() <= 0) {
      return List.of();
    }
    return jdbi.inTransaction(h -> DueClaim.claim(h, now, owner, quota, events));
  }

  /** Every job in one status, oldest first (recovery and the scheduler's QUEUED pick-up). */
  public List<Job> findByStatus(JobStatus status, int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + JobRows.COLUMNS
                        + " FROM jobs WHERE status = :s ORDER BY id LIMIT :limit")
                .bind("s", status.name())
                .bind("limit", limit)
                .map(JobRows::map)
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

  /**
   * How many due PENDING jobs the scheduler takes before this one (first due first, ties by id);
   * empty when the job is no longer PENDING (it has a worker, or has ended) or does not exist.
   */
  public Optional<Integer> dueAhead(long jobId, Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT (SELECT COUNT(*) FROM jobs o WHERE o.status = 'PENDING'"
                        + " AND o.next_attempt_at <= :now AND (o.next_attempt_at < j.next_attempt_at"
                        + " OR (o.next_attempt_at = j.next_attempt_at AND o.id < j.id)))"
                        + " FROM jobs j WHERE j.id = :id AND j.status = 'PENDING'")
                .bind("id", jobId)
                .bind("now", now.toEpochMilli())
                .mapTo(Integer.class)
                .findOne());
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
      long jobId,
      String archivedPath,
      String mediaJson,
      boolean whole,
      List<NewEvent> events,
      Instant now) {
    return jdbi.inTransaction(
        h -> {
          Optional<Job> updated =
              h.createQuery(
                      "UPDATE jobs SET file_path = :p, media = :media, archived = :archived, updated_at = :now"
                          + " WHERE id = :id RETURNING "
                          + JobRows.COLUMNS)
                  .bind("p", archivedPath)
                  .bind("media", mediaJson)
                  .bind("archived", whole ? 1 : 0)
                  .bind("now", now.toEpochMilli())
                  .bind("id", jobId)
                  .map(JobRows::map)
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
                    "SELECT "
                        + JobRows.COLUMNS
                        + " FROM jobs WHERE status IN "
                        + JobRows.ACTIVE
                        + " ORDER BY id LIMIT :limit")
                .bind("limit", limit)
                .map(JobRows::map)
                .list());
  }
}
