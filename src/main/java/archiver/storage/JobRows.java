package archiver.storage;

import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.SourceType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import org.jdbi.v3.core.statement.StatementContext;

/** How a {@code jobs} row is read: its columns, in one list, and the {@link Job} they make. */
final class JobRows {

  static final String COLUMNS =
      "id, url, normalized_url, media_id, source_type, job_type, requested_quality, status,"
          + " retry_count, job_key, auth_profile_id, user_id, chat_id, created_at, updated_at,"
          + " next_attempt_at, started_at, final_title, file_path, file_size_bytes, archived,"
          + " telegram_file_id, error_type, error_message, http_status, progress, media, part_count,"
          + " owner";

  /** The unfinished statuses, as SQL. */
  static final String ACTIVE = "('PENDING','QUEUED','RUNNING')";

  private JobRows() {}

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
        rs.getInt("part_count"),
        rs.getString("owner"));
  }

  static Long nullableLong(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : v;
  }

  static Instant instant(ResultSet rs, String column) throws SQLException {
    long v = rs.getLong(column);
    return rs.wasNull() ? null : Instant.ofEpochMilli(v);
  }
}
