package archiver.storage;

import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.NewJob;
import archiver.domain.UpdateRef;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;

/**
 * The reads and writes of one submission, inside its transaction (see {@link
 * JobRepository#submitting}): what it checks (an identical job, the limits) and what it writes
 * cannot be changed by anyone else in between.
 */
public final class JobSubmission {

  /** What the submission limits are checked against (see {@link #limitCounts}). */
  public record LimitCounts(
      int waiting, int activeForUser, WindowCount userSince, WindowCount chatSince) {}

  /** How many jobs a user or chat created since {@code since}, and when the oldest was created. */
  public record WindowCount(int count, Optional<Instant> oldest) {}

  /**
   * A playlist's items count against their batch (one running batch per user), not against the
   * user's limits on single links: a 40-item series must not use up the hour's requests.
   */
  private static final String SINGLE = " AND batch_id IS NULL";

  private final Handle h;

  JobSubmission(Handle h) {
    this.h = h;
  }

  /**
   * The job a new request with this key can reuse: the oldest unfinished one (the request joins
   * it), else the newest completed one whose media Telegram already holds (a file_id).
   */
  public Optional<Job> findReusableByKey(String jobKey) {
    return h.createQuery(
            "SELECT "
                + JobRows.COLUMNS
                + " FROM jobs WHERE job_key = :key AND (status IN "
                + JobRows.ACTIVE
                + " OR (status = 'COMPLETED' AND telegram_file_id IS NOT NULL))"
                + " ORDER BY status = 'COMPLETED', CASE WHEN status = 'COMPLETED' THEN -id"
                + " ELSE id END LIMIT 1")
        .bind("key", jobKey)
        .map(JobRows::map)
        .findOne();
  }

  /**
   * What the submission limits are checked against, read in one statement: the queue length, the
   * user's unfinished jobs, and the jobs of the user and of the chat created since {@code since}. A
   * null user or chat counts nothing.
   */
  public LimitCounts limitCounts(Long userId, Long chatId, Instant since) {
    return h.createQuery(
            "SELECT (SELECT COUNT(*) FROM jobs WHERE status IN ('PENDING','QUEUED')) AS waiting,"
                + " (SELECT COUNT(*) FROM jobs WHERE user_id = :user AND status IN "
                + JobRows.ACTIVE
                + SINGLE
                + ") AS active,"
                + " (SELECT COUNT(*) FROM jobs WHERE user_id = :user AND created_at > :since"
                + SINGLE
                + ") AS user_n,"
                + " (SELECT MIN(created_at) FROM jobs WHERE user_id = :user AND created_at > :since"
                + SINGLE
                + ") AS user_oldest,"
                + " (SELECT COUNT(*) FROM jobs WHERE chat_id = :chat AND created_at > :since"
                + SINGLE
                + ") AS chat_n,"
                + " (SELECT MIN(created_at) FROM jobs WHERE chat_id = :chat AND created_at > :since"
                + SINGLE
                + ") AS chat_oldest")
        .bind("user", userId)
        .bind("chat", chatId)
        .bind("since", since.toEpochMilli())
        .map(
            (rs, ctx) ->
                new LimitCounts(
                    rs.getInt("waiting"),
                    rs.getInt("active"),
                    new WindowCount(
                        rs.getInt("user_n"),
                        Optional.ofNullable(JobRows.instant(rs, "user_oldest"))),
                    new WindowCount(
                        rs.getInt("chat_n"),
                        Optional.ofNullable(JobRows.instant(rs, "chat_oldest")))))
        .one();
  }

  /** As {@link JobRepository#insert}, with the first requester's language. */
  public Job insert(NewJob job, String language, Instant now, String createdEventJson) {
    return insert(h, job, language, now, createdEventJson);
  }

  /**
   * Adds a chat to those waiting for a job, with {@code events}; false (and nothing written) when
   * it was already there.
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
  public boolean claimUpdate(UpdateRef ref, Instant now) {
    return DeliveryRepository.claimUpdate(h, ref, now);
  }

  /**
   * Stores a new PENDING job with its JOB_CREATED event and, if it has a chat, its first requester.
   */
  static Job insert(Handle h, NewJob job, String language, Instant now, String createdEventJson) {
    Job created =
        h.createQuery(
                "INSERT INTO jobs (url, normalized_url, media_id, source_type, job_type,"
                    + " requested_quality, status, retry_count, job_key, auth_profile_id,"
                    + " user_id, chat_id, created_at, updated_at, next_attempt_at, batch_id)"
                    + " VALUES (:url, :normalizedUrl, :mediaId, :sourceType, :jobType,"
                    + " :quality, 'PENDING', 0, :jobKey, :authProfileId, :userId, :chatId,"
                    + " :now, :now, :now, :batchId) RETURNING "
                    + JobRows.COLUMNS)
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
            .bind("batchId", job.batchId())
            .bind("now", now.toEpochMilli())
            .map(JobRows::map)
            .one();
    JobEventRepository.insertAll(
        h, created.id(), List.of(new NewEvent(EventType.JOB_CREATED, createdEventJson)), now);
    if (job.chatId() != null) {
      DeliveryRepository.addRequester(
          h, created.id(), job.chatId(), job.userId(), language, List.of(), now);
    }
    return created;
  }
}
