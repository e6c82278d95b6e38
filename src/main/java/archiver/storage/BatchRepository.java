package archiver.storage;

import archiver.domain.Batch;
import archiver.domain.BatchItem;
import archiver.domain.EventType;
import archiver.domain.JobType;
import archiver.domain.NewBatch;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code batches}, {@code batch_items} and {@code batch_events} tables. */
public final class BatchRepository {

  private static final String COLUMNS =
      "id, url, playlist_id, title, job_type, requested_quality, user_id, chat_id, language,"
          + " item_count, more, status, status_message_id, created_at, finished_at";

  /** One row of a batch's timeline. */
  public record Event(long id, long batchId, EventType type, String dataJson, Instant createdAt) {}

  private final Jdbi jdbi;

  BatchRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /** Stores a RUNNING batch with its items, all WAITING, and its first event, in one go. */
  public Batch create(NewBatch batch, NewEvent created, Instant now) {
    return jdbi.inTransaction(
        h -> {
          long id =
              h.createUpdate(
                      "INSERT INTO batches (url, playlist_id, title, job_type, requested_quality,"
                          + " user_id, chat_id, language, item_count, more, status,"
                          + " status_message_id, created_at, updated_at) VALUES (:url, :playlist,"
                          + " :title, :type, :quality, :user, :chat, :lang, :count, :more,"
                          + " 'RUNNING', :message, :now, :now)")
                  .bind("url", batch.url())
                  .bind("playlist", batch.playlistId())
                  .bind("title", batch.title())
                  .bind("type", batch.quality().jobType().name())
                  .bind("quality", batch.quality().code())
                  .bind("user", batch.userId())
                  .bind("chat", batch.chatId())
                  .bind("lang", batch.language())
                  .bind("count", batch.items().size())
                  .bind("more", batch.more() ? 1 : 0)
                  .bind("message", batch.statusMessageId())
                  .bind("now", now.toEpochMilli())
                  .executeAndReturnGeneratedKeys("id")
                  .mapTo(Long.class)
                  .one();
          int position = 1;
          for (NewBatch.Item item : batch.items()) {
            h.createUpdate(
                    "INSERT INTO batch_items (batch_id, position, url, title, state)"
                        + " VALUES (:id, :position, :url, :title, 'WAITING')")
                .bind("id", id)
                .bind("position", position++)
                .bind("url", item.url())
                .bind("title", item.title())
                .execute();
          }
          insertEvent(h, id, created, now);
          return find(h, id).orElseThrow();
        });
  }

  public Optional<Batch> find(long id) {
    return jdbi.withHandle(h -> find(h, id));
  }

  private static Optional<Batch> find(Handle h, long id) {
    return h.createQuery("SELECT " + COLUMNS + " FROM batches WHERE id = :id")
        .bind("id", id)
        .map(BatchRepository::map)
        .findOne();
  }

  /** The batches still running, oldest first. */
  public List<Batch> running() {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT " + COLUMNS + " FROM batches WHERE status = 'RUNNING' ORDER BY id")
                .map(BatchRepository::map)
                .list());
  }

  /** The user's running batch, if any (a user runs one at a time). */
  public Optional<Batch> runningFor(long userId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT "
                        + COLUMNS
                        + " FROM batches WHERE user_id = :user AND status = 'RUNNING'"
                        + " ORDER BY id LIMIT 1")
                .bind("user", userId)
                .map(BatchRepository::map)
                .findOne());
  }

  /** The newest batches, newest first. */
  public List<Batch> recent(int limit) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM batches ORDER BY id DESC LIMIT :limit")
                .bind("limit", limit)
                .map(BatchRepository::map)
                .list());
  }

  /** The items of a batch in playlist order. */
  public List<BatchItem> items(long batchId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT batch_id, position, url, title, state, job_id, error"
                        + " FROM batch_items WHERE batch_id = :id ORDER BY position")
                .bind("id", batchId)
                .map(BatchRepository::mapItem)
                .list());
  }

  /** Which item of which of the chat's batches a job is, if one: to name it in the chat. */
  public Optional<BatchItem.Place> placeOf(long jobId, long chatId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT i.position, b.item_count, i.title FROM batch_items i"
                        + " JOIN batches b ON b.id = i.batch_id"
                        + " WHERE i.job_id = :job AND b.chat_id = :chat ORDER BY b.id DESC LIMIT 1")
                .bind("job", jobId)
                .bind("chat", chatId)
                .map(
                    (rs, ctx) ->
                        new BatchItem.Place(
                            rs.getInt("position"), rs.getInt("item_count"), rs.getString("title")))
                .findOne());
  }

  /** The item's turn came: it runs as {@code jobId}. */
  public void itemStarted(long batchId, int position, long jobId, Instant now) {
    updateItem(batchId, position, BatchItem.State.RUNNING, jobId, null, now);
  }

  /** The item ended as {@code state}; {@code error} says why when it failed. */
  public void itemDone(
      long batchId, int position, BatchItem.State state, String error, Instant now) {
    updateItem(batchId, position, state, null, error, now);
  }

  private void updateItem(
      long batchId, int position, BatchItem.State state, Long jobId, String error, Instant now) {
    jdbi.useTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE batch_items SET state = :state, job_id = COALESCE(:job, job_id),"
                      + " error = :error WHERE batch_id = :batch AND position = :position")
              .bind("state", state.name())
              .bind("job", jobId)
              .bind("error", error)
              .bind("batch", batchId)
              .bind("position", position)
              .execute();
          touch(h, batchId, now);
        });
  }

  /**
   * Ends a running batch as {@code status} with its event; the items still WAITING become
   * CANCELLED. False (nothing written) when it had ended already.
   */
  public boolean finish(long batchId, Batch.Status status, NewEvent event, Instant now) {
    return jdbi.inTransaction(
        h -> {
          int changed =
              h.createUpdate(
                      "UPDATE batches SET status = :status, finished_at = :now, updated_at = :now"
                          + " WHERE id = :id AND status = 'RUNNING'")
                  .bind("status", status.name())
                  .bind("now", now.toEpochMilli())
                  .bind("id", batchId)
                  .execute();
          if (changed == 0) {
            return false;
          }
          h.createUpdate(
                  "UPDATE batch_items SET state = 'CANCELLED' WHERE batch_id = :id"
                      + " AND state = 'WAITING'")
              .bind("id", batchId)
              .execute();
          insertEvent(h, batchId, event, now);
          return true;
        });
  }

  /** The batch's own timeline, oldest first. */
  public List<Event> events(long batchId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT id, batch_id, event_type, data, created_at FROM batch_events"
                        + " WHERE batch_id = :id ORDER BY id")
                .bind("id", batchId)
                .map(
                    (rs, ctx) ->
                        new Event(
                            rs.getLong("id"),
                            rs.getLong("batch_id"),
                            EventType.valueOf(rs.getString("event_type")),
                            rs.getString("data"),
                            JobRows.instant(rs, "created_at")))
                .list());
  }

  private static void insertEvent(Handle h, long batchId, NewEvent event, Instant now) {
    h.createUpdate(
            "INSERT INTO batch_events (batch_id, event_type, data, created_at)"
                + " VALUES (:id, :type, :data, :now)")
        .bind("id", batchId)
        .bind("type", event.type().name())
        .bind("data", event.dataJson() == null ? "{}" : event.dataJson())
        .bind("now", now.toEpochMilli())
        .execute();
  }

  private static void touch(Handle h, long batchId, Instant now) {
    h.createUpdate("UPDATE batches SET updated_at = :now WHERE id = :id")
        .bind("now", now.toEpochMilli())
        .bind("id", batchId)
        .execute();
  }

  private static Batch map(ResultSet rs, StatementContext ctx) throws SQLException {
    long user = rs.getLong("user_id");
    Long userId = rs.wasNull() ? null : user;
    int message = rs.getInt("status_message_id");
    Integer messageId = rs.wasNull() ? null : message;
    return new Batch(
        rs.getLong("id"),
        rs.getString("url"),
        rs.getString("playlist_id"),
        rs.getString("title"),
        JobType.valueOf(rs.getString("job_type")),
        rs.getString("requested_quality"),
        userId,
        rs.getLong("chat_id"),
        rs.getString("language"),
        rs.getInt("item_count"),
        rs.getInt("more") != 0,
        Batch.Status.valueOf(rs.getString("status")),
        messageId,
        JobRows.instant(rs, "created_at"),
        JobRows.instant(rs, "finished_at"));
  }

  private static BatchItem mapItem(ResultSet rs, StatementContext ctx) throws SQLException {
    long job = rs.getLong("job_id");
    Long jobId = rs.wasNull() ? null : job;
    return new BatchItem(
        rs.getLong("batch_id"),
        rs.getInt("position"),
        rs.getString("url"),
        rs.getString("title"),
        BatchItem.State.valueOf(rs.getString("state")),
        jobId,
        rs.getString("error"));
  }
}
