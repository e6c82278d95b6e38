package archiver.storage;

import archiver.domain.ChatSettings;
import archiver.domain.JobType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code chat_settings} table; a chat without a row has the defaults. */
public final class ChatSettingsRepository {
  private final Jdbi jdbi;

  ChatSettingsRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  public ChatSettings get(long chatId) {
    return jdbi.withHandle(
        h ->
            h.createQuery(
                    "SELECT chat_id, archive_mode, default_job_type, default_quality, language,"
                        + " is_admin FROM chat_settings WHERE chat_id = :id")
                .bind("id", chatId)
                .map(ChatSettingsRepository::map)
                .findOne()
                .orElse(ChatSettings.defaults(chatId)));
  }

  public void save(ChatSettings s, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO chat_settings (chat_id, archive_mode, default_job_type,"
                        + " default_quality, language, is_admin, updated_at)"
                        + " VALUES (:id, :archive, :type, :quality, :lang, :admin, :now)"
                        + " ON CONFLICT (chat_id) DO UPDATE SET archive_mode = excluded.archive_mode,"
                        + " default_job_type = excluded.default_job_type,"
                        + " default_quality = excluded.default_quality,"
                        + " language = excluded.language, is_admin = excluded.is_admin,"
                        + " updated_at = excluded.updated_at")
                .bind("id", s.chatId())
                .bind("archive", s.archiveMode() ? 1 : 0)
                .bind("type", s.defaultJobType().map(Enum::name).orElse(null))
                .bind("quality", s.defaultQuality().orElse(null))
                .bind("lang", s.language().orElse(null))
                .bind("admin", s.admin() ? 1 : 0)
                .bind("now", now.toEpochMilli())
                .execute());
  }

  private static ChatSettings map(ResultSet rs, StatementContext ctx) throws SQLException {
    String type = rs.getString("default_job_type");
    return new ChatSettings(
        rs.getLong("chat_id"),
        rs.getInt("archive_mode") != 0,
        Optional.ofNullable(type).map(JobType::valueOf),
        Optional.ofNullable(rs.getString("default_quality")),
        Optional.ofNullable(rs.getString("language")),
        rs.getInt("is_admin") != 0);
  }
}
