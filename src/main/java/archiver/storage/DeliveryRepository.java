package archiver.storage;

import archiver.domain.Job;
import archiver.domain.Requester;
import archiver.domain.UpdateRef;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;

/**
 * Who waits for a job's media and where each delivery stands ({@code job_requesters}), and which
 * Telegram updates were handled ({@code handled_updates}). Every delivery to a chat is committed on
 * its own, with its events, right after Telegram answered: a crash re-sends only to the chats not
 * served yet.
 */
public final class DeliveryRepository {

  private static final String REQUESTER_COLUMNS =
      "job_id, chat_id, user_id, created_at, delivered_at, language, status_message_id,"
          + " send_started_at, message_id, send_attempts, next_send_at, gave_up_at, parts_sent";

  private final Jdbi jdbi;

  DeliveryRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** A chat still waiting for a job whose media Telegram holds, with that job. */
  public record WaitingChat(Job job, Requester requester) {}

  // ---- updates ---------------------------------------------------------------------------

  /** Records an effect of an update; false when it was recorded before (a replayed update). */
  public boolean claimUpdate(UpdateRef ref, Instant now) {
    return jdbi.withHandle(h -> claimUpdate(h, ref, now));
  }

  static boolean claimUpdate(Handle h, UpdateRef ref, Instant now) {
    return h.createUpdate(
                "INSERT INTO handled_updates (update_id, part, chat_id, handled_at)"
                    + " VALUES (:u, :p, :c, :now) ON CONFLICT DO NOTHING")
            .bind("u", ref.updateId())
            .bind("p", ref.part())
            .bind("c", ref.chatId())
            .bind("now", now.toEpochMilli())
            .execute()
        == 1;
  }

  /**
   * Forgets updates handled before {@code before}: Telegram keeps an unconfirmed update for 24
   * hours at most (https://core.telegram.org/bots/api#getupdates), so older ones never come back.
   */
  public int pruneHandledUpdates(Instant before) {
    return jdbi.withHandle(
        h ->
            h.createUpdate("DELETE FROM handled_updates WHERE handled_at < :t")
                .bind("t", before.toEpochMilli())
                .execute());
  }

  // ---- requesters ------------------------------------------------------------------------

  /** Adds a chat to those waiting for a job; false (and nothing written) when it was there. */
  static boolean addRequester(
      Handle h,
      long jobId,
      long chatId,
      Long userId,
      String language,
      List<NewEvent> events,
      Instant now) {
    boolean added =
        h.createUpdate(
                    "INSERT INTO job_requesters (job_id, chat_id, user_id, language, created_at)"
                        + " VALUES (:job, :chat, :user, :lang, :now) ON CONFLICT DO NOTHING")
                .bind("job", jobId)
                .bind("chat", chatId)
                .bind("user", userId)
                .bind("lang", language)
                .bind("now", now.toEpochMilli())
                .execute()
            == 1;
    if (added) {
      JobEventRepository.insertAll(h, jobId, events, now);
    }
    return added;
  }

  /**
   * Makes a chat wait again for a finished job's media (a new request answered from Telegram's
   * copy), whether or not it received it before; writes {@code events}.
   */
  static void requestAgain(
      Handle h,
      long jobId,
      long chatId,
      Long userId,
      String language,
      List<NewEvent> events,
      Instant now) {
    h.createUpdate(
            "INSERT INTO job_requesters (job_id, chat_id, user_id, language, created_at)"
                + " VALUES (:job, :chat, :user, :lang, :now)"
                + " ON CONFLICT (job_id, chat_id) DO UPDATE SET user_id = excluded.user_id,"
                + " language = excluded.language, created_at = excluded.created_at,"
                + " delivered_at = NULL, status_message_id = NULL, send_started_at = NULL,"
                + " message_id = NULL, send_attempts = 0, next_send_at = NULL, gave_up_at = NULL,"
                + " send_error = NULL, parts_sent = 0")
        .bind("job", jobId)
        .bind("chat", chatId)
        .bind("user", userId)
        .bind("lang", language)
        .bind("now", now.toEpochMilli())
        .execute();
    JobEventRepository.insertAll(h, jobId, events, now);
  }

  /** Everyone who asked for a job, first asker first. */
  public List<Requester> requesters(long jobId) {
    return jdbi.withHandle(h -> requesters(h, jobId));
  }

  static List<Requester> requesters(Handle h, long jobId) {
    return h.createQuery(
            "SELECT "
                + REQUESTER_COLUMNS
                + " FROM job_requesters WHERE job_id = :job"
                + " ORDER BY created_at, chat_id")
        .bind("job", jobId)
        .map((rs, ctx) -> requester(rs))
        .list();
  }

  /** The chat's status message for the job, to edit it again after a restart. */
  public void rememberStatusMessage(long jobId, long chatId, int messageId, String language) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE job_requesters SET status_message_id = :m,"
                        + " language = COALESCE(:lang, language) WHERE job_id = :job AND chat_id = :chat")
                .bind("m", messageId)
                .bind("lang", language)
                .bind("job", jobId)
                .bind("chat", chatId)
                .execute());
  }

  // ---- one send --------------------------------------------------------------------------

  /** A send to the chat begins; {@code events} (may be none) are written with the mark. */
  /** The send belongs to process {@code owner}: only that process's end leaves it in doubt. */
  public void sendStarted(
      long jobId, long chatId, String owner, List<NewEvent> events, Instant now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE job_requesters SET send_started_at = :now, send_owner = :owner,"
                      + " send_attempts = send_attempts + 1 WHERE job_id = :job AND chat_id = :chat")
              .bind("owner", owner)
              .bind("now", now.toEpochMilli())
              .bind("job", jobId)
              .bind("chat", chatId)
              .execute();
          JobEventRepository.insertAll(h, jobId, events, now);
        });
  }

  /**
   * The chat received part {@code part} of {@code partCount} as {@code messageId}: committed at
   * once, with {@code events}; the chat is delivered when it has the last part. The first file_id
   * Telegram gave each part is kept for every later request; once every part has one, the first
   * part's is also the job's {@code telegram_file_id} (Telegram holds the media).
   */
  public void partDelivered(
      long jobId,
      long chatId,
      int part,
      int partCount,
      int messageId,
      String fileId,
      List<NewEvent> events,
      Instant now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE job_requesters SET parts_sent = :part, message_id = :m, send_started_at = NULL,"
                      + " next_send_at = NULL, send_error = NULL, send_attempts = 0,"
                      + " delivered_at = CASE WHEN :part >= :count THEN :now ELSE NULL END"
                      + " WHERE job_id = :job AND chat_id = :chat")
              .bind("part", part)
              .bind("count", partCount)
              .bind("now", now.toEpochMilli())
              .bind("m", messageId)
              .bind("job", jobId)
              .bind("chat", chatId)
              .execute();
          if (fileId != null) {
            h.createUpdate(
                    "INSERT INTO job_parts (job_id, part, telegram_file_id) VALUES (:job, :part, :f)"
                        + " ON CONFLICT (job_id, part) DO UPDATE SET"
                        + " telegram_file_id = COALESCE(job_parts.telegram_file_id, excluded.telegram_file_id)")
                .bind("job", jobId)
                .bind("part", part)
                .bind("f", fileId)
                .execute();
            // The job holds a Telegram copy once every part has one: then a repeat request is
            // answered from Telegram alone.
            h.createUpdate(
                    "UPDATE jobs SET updated_at = :now, telegram_file_id ="
                        + " (SELECT telegram_file_id FROM job_parts WHERE job_id = :id AND part = 1)"
                        + " WHERE id = :id AND telegram_file_id IS NULL AND part_count <="
                        + " (SELECT COUNT(*) FROM job_parts WHERE job_id = :id AND telegram_file_id IS NOT NULL)")
                .bind("now", now.toEpochMilli())
                .bind("id", jobId)
                .execute();
          }
          JobEventRepository.insertAll(h, jobId, events, now);
        });
  }

  /** A job with one file: its one part delivered. */
  public void delivered(
      long jobId, long chatId, int messageId, String fileId, List<NewEvent> events, Instant now) {
    partDelivered(jobId, chatId, 1, 1, messageId, fileId, events, now);
  }

  /** Telegram's file_id of each part it holds, by part number (1 for a single file). */
  public java.util.Map<Integer, String> partFileIds(long jobId) {
    java.util.Map<Integer, String> ids = new java.util.TreeMap<>();
    jdbi.useHandle(
        h ->
            h.createQuery(
                    "SELECT part, telegram_file_id FROM job_parts WHERE job_id = :job AND telegram_file_id IS NOT NULL")
                .bind("job", jobId)
                .map(
                    (rs, ctx) ->
                        java.util.Map.entry(rs.getInt("part"), rs.getString("telegram_file_id")))
                .forEach(e -> ids.put(e.getKey(), e.getValue())));
    return ids;
  }

  /**
   * A send to the chat failed. {@code mayHaveArrived} keeps the in-flight mark (a timeout after the
   * body went out: Telegram may have the message); {@code retryAt} schedules another try of this
   * chat alone, or {@code giveUp} ends it.
   */
  public void sendFailed(
      long jobId,
      long chatId,
      boolean mayHaveArrived,
      Optional<Instant> retryAt,
      boolean giveUp,
      String error,
      List<NewEvent> events,
      Instant now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE job_requesters SET"
                      + " send_started_at = CASE WHEN :keep THEN send_started_at ELSE NULL END,"
                      + " next_send_at = :retryAt,"
                      + " gave_up_at = CASE WHEN :giveUp THEN :now ELSE gave_up_at END,"
                      + " send_error = :error WHERE job_id = :job AND chat_id = :chat")
              .bind("keep", mayHaveArrived)
              .bind("retryAt", retryAt.map(Instant::toEpochMilli).orElse(null))
              .bind("giveUp", giveUp)
              .bind("now", now.toEpochMilli())
              .bind("error", error)
              .bind("job", jobId)
              .bind("chat", chatId)
              .execute();
          JobEventRepository.insertAll(h, jobId, events, now);
        });
  }

  /**
   * Sends that were in flight when their process stopped (their chats may have the media): not
   * {@code self}'s, and their process silent since {@code alive} (or unknown).
   */
  public List<Requester> interruptedSends(String self, Instant alive) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + REQUESTER_COLUMNS
                        + " FROM job_requesters"
                        + " WHERE send_started_at IS NOT NULL AND delivered_at IS NULL"
                        + " AND (send_owner IS NULL OR (send_owner <> :self AND send_owner NOT IN"
                        + " (SELECT id FROM processes WHERE heartbeat_at >= :alive)))"
                        + " ORDER BY job_id, created_at")
                .bind("self", self)
                .bind("alive", alive.toEpochMilli())
                .map((rs, ctx) -> requester(rs))
                .list());
  }

  /** Clears a send's in-flight mark (after a restart), with {@code events}. */
  public void clearSendStarted(long jobId, long chatId, List<NewEvent> events, Instant now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE job_requesters SET send_started_at = NULL WHERE job_id = :job AND chat_id = :chat")
              .bind("job", jobId)
              .bind("chat", chatId)
              .execute();
          JobEventRepository.insertAll(h, jobId, events, now);
        });
  }

  // ---- the fan-out -----------------------------------------------------------------------

  /**
   * The next chat to serve of each COMPLETED job whose media Telegram holds, due now, first asker
   * first, for at most {@code limit} jobs; {@code busyJobs} (a send of theirs is in flight) are
   * left out. One chat per job at a time: a crash can then leave at most one send per job in doubt.
   */
  public List<WaitingChat> nextWaitingChats(Instant now, int limit, Collection<Long> busyJobs) {
    return jdbi.withHandle(
        h -> {
          List<Requester> due =
              h.createQuery(
                      "SELECT r.job_id, r.chat_id, r.user_id, r.created_at, r.delivered_at, r.language,"
                          + " r.status_message_id, r.send_started_at, r.message_id, r.send_attempts,"
                          + " r.next_send_at, r.gave_up_at, r.parts_sent FROM job_requesters r"
                          + " JOIN jobs j ON j.id = r.job_id"
                          + " WHERE r.delivered_at IS NULL AND r.gave_up_at IS NULL"
                          + " AND (r.next_send_at IS NULL OR r.next_send_at <= :now)"
                          + " AND j.status = 'COMPLETED' AND j.telegram_file_id IS NOT NULL"
                          + " ORDER BY r.created_at, r.job_id, r.chat_id")
                  .bind("now", now.toEpochMilli())
                  .map((rs, ctx) -> requester(rs))
                  .list();
          List<WaitingChat> result = new java.util.ArrayList<>();
          java.util.Set<Long> taken = new java.util.HashSet<>(busyJobs);
          for (Requester r : due) {
            if (result.size() >= limit) {
              break;
            }
            if (!taken.add(r.jobId())) {
              continue;
            }
            Job job =
                h.createQuery("SELECT * FROM jobs WHERE id = :id")
                    .bind("id", r.jobId())
                    .map(JobRows::map)
                    .one();
            result.add(new WaitingChat(job, r));
          }
          return result;
        });
  }

  /** When the next chat waiting for a retry of its send falls due, for the fan-out's sleep. */
  public Optional<Instant> nextSendDueAfter(Instant now) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT MIN(r.next_send_at) FROM job_requesters r JOIN jobs j ON j.id = r.job_id"
                        + " WHERE r.delivered_at IS NULL AND r.gave_up_at IS NULL AND r.next_send_at > :now"
                        + " AND j.status = 'COMPLETED' AND j.telegram_file_id IS NOT NULL")
                .bind("now", now.toEpochMilli())
                .mapTo(Long.class)
                .findOne()
                .map(Instant::ofEpochMilli));
  }

  private static Requester requester(ResultSet rs) throws SQLException {
    return new Requester(
        rs.getLong("job_id"),
        rs.getLong("chat_id"),
        nullableLong(rs, "user_id"),
        instant(rs, "created_at"),
        instant(rs, "delivered_at"),
        rs.getString("language"),
        rs.getObject("status_message_id") == null ? null : rs.getInt("status_message_id"),
        instant(rs, "send_started_at"),
        rs.getObject("message_id") == null ? null : rs.getInt("message_id"),
        rs.getInt("send_attempts"),
        instant(rs, "next_send_at"),
        instant(rs, "gave_up_at"),
        rs.getInt("parts_sent"));
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
