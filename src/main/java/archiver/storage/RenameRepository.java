package archiver.storage;

import archiver.domain.Job;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;

/**
 * What renaming an archived job reads and writes (docs/ARCHITECTURE.md, "Renaming"): which job a
 * chat's media message belongs to, and the new title and file paths of the job.
 */
public final class RenameRepository {

  private final Jdbi jdbi;

  RenameRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * The job whose media the chat received as message {@code messageId}, the newest when several
   * match. The chat's {@code job_requesters} row keeps the message of its last delivery only (the
   * last part, the latest repeat request); the earlier ones are found in the chat's
   * TELEGRAM_SEND_FINISHED events while those are kept ("Cleanup"). Reads only the jobs this chat
   * asked for.
   */
  public Optional<Long> jobDeliveredAs(long chatId, int messageId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT job_id FROM job_requesters WHERE chat_id = :chat AND message_id = :m"
                        + " UNION SELECT e.job_id FROM job_requesters r"
                        + " JOIN job_events e ON e.job_id = r.job_id"
                        + " WHERE r.chat_id = :chat AND e.event_type = 'TELEGRAM_SEND_FINISHED'"
                        + " AND "
                        + Dialect.of(h).jsonNumber("e.data", "chat_id")
                        + " = :chat AND "
                        + Dialect.of(h).jsonNumber("e.data", "message_id")
                        + " = :m"
                        + " ORDER BY job_id DESC LIMIT 1")
                .bind("chat", chatId)
                .bind("m", messageId)
                .mapTo(Long.class)
                .findOne());
  }

  /**
   * A COMPLETED job's files were renamed in the archive: its title, file path and media record
   * become the new ones, with {@code events}, in one transaction, if and only if its file path is
   * still {@code expectedPath} (nothing moved the files meanwhile). Returns the updated job; empty
   * when the row had changed or is gone, and then nothing is written.
   */
  public Optional<Job> recordRename(
      long jobId,
      String expectedPath,
      String title,
      String filePath,
      String mediaJson,
      List<NewEvent> events,
      Instant now) {
    return jdbi.inTransaction(
        h -> {
          Optional<Job> updated =
              h.createQuery(
                      "UPDATE jobs SET final_title = :title, file_path = :path, media = :media,"
                          + " updated_at = :now WHERE id = :id AND status = 'COMPLETED'"
                          + " AND file_path = :expected RETURNING "
                          + JobRows.COLUMNS)
                  .bind("title", title)
                  .bind("path", filePath)
                  .bind("media", mediaJson)
                  .bind("now", now.toEpochMilli())
                  .bind("id", jobId)
                  .bind("expected", expectedPath)
                  .map(JobRows::map)
                  .findOne();
          updated.ifPresent(job -> JobEventRepository.insertAll(h, jobId, events, now));
          return updated;
        });
  }
}
