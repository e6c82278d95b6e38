package archiver.storage;

import archiver.domain.AuthProfileState;
import archiver.domain.AuthProfileStatus;
import archiver.domain.SourceType;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.StatementContext;

/** The {@code auth_profiles} table: health counters of each configured cookie profile. */
public final class AuthProfileRepository {
  private static final String COLUMNS =
      "id, source_type, cookie_file_path, status, failure_count_recent, last_success_at,"
          + " last_failure_at";

  private final Jdbi jdbi;

  AuthProfileRepository(Jdbi jdbi) {
    this.jdbi = jdbi;
  }

  /**
   * Makes the row of a configured profile exist and follow the configuration's source and path,
   * keeping its counters and status.
   */
  public void ensure(String id, SourceType source, String cookieFilePath, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "INSERT INTO auth_profiles (id, source_type, cookie_file_path, updated_at)"
                        + " VALUES (:id, :source, :path, :now)"
                        + " ON CONFLICT (id) DO UPDATE SET source_type = excluded.source_type,"
                        + " cookie_file_path = excluded.cookie_file_path")
                .bind("id", id)
                .bind("source", source.name())
                .bind("path", cookieFilePath)
                .bind("now", now.toEpochMilli())
                .execute());
  }

  public Optional<AuthProfileState> find(String id) {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM auth_profiles WHERE id = :id")
                .bind("id", id)
                .map(AuthProfileRepository::map)
                .findOne());
  }

  public List<AuthProfileState> all() {
    return jdbi.withHandle(
        h ->
            h.createQuery("SELECT " + COLUMNS + " FROM auth_profiles ORDER BY source_type, id")
                .map(AuthProfileRepository::map)
                .list());
  }

  /** A success clears the failure streak and brings a DEGRADED profile back to ACTIVE. */
  public void recordSuccess(String id, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE auth_profiles SET failure_count_recent = 0, last_success_at = :now,"
                        + " status = CASE WHEN status = 'DEGRADED' THEN 'ACTIVE' ELSE status END,"
                        + " updated_at = :now WHERE id = :id")
                .bind("id", id)
                .bind("now", now.toEpochMilli())
                .execute());
  }

  /**
   * Counts one more auth failure in a row; at {@code degradeAfter} the profile becomes DEGRADED.
   * Returns the state after the update.
   */
  public Optional<AuthProfileState> recordAuthFailure(String id, int degradeAfter, Instant now) {
    return jdbi.inTransaction(
        h -> {
          h.createUpdate(
                  "UPDATE auth_profiles SET failure_count_recent = failure_count_recent + 1,"
                      + " last_failure_at = :now,"
                      + " status = CASE WHEN status = 'ACTIVE' AND failure_count_recent + 1 >= :n"
                      + "   THEN 'DEGRADED' ELSE status END,"
                      + " updated_at = :now WHERE id = :id")
              .bind("id", id)
              .bind("n", degradeAfter)
              .bind("now", now.toEpochMilli())
              .execute();
          return h.createQuery("SELECT " + COLUMNS + " FROM auth_profiles WHERE id = :id")
              .bind("id", id)
              .map(AuthProfileRepository::map)
              .findOne();
        });
  }

  /** An admin's reset or disable. */
  public void setStatus(String id, AuthProfileStatus status, Instant now) {
    jdbi.useHandle(
        h ->
            h.createUpdate(
                    "UPDATE auth_profiles SET status = :status, updated_at = :now,"
                        + " failure_count_recent = CASE WHEN :status = 'ACTIVE' THEN 0"
                        + "   ELSE failure_count_recent END WHERE id = :id")
                .bind("id", id)
                .bind("status", status.name())
                .bind("now", now.toEpochMilli())
                .execute());
  }

  private static AuthProfileState map(ResultSet rs, StatementContext ctx) throws SQLException {
    long success = rs.getLong("last_success_at");
    boolean noSuccess = rs.wasNull();
    long failure = rs.getLong("last_failure_at");
    boolean noFailure = rs.wasNull();
    return new AuthProfileState(
        rs.getString("id"),
        SourceType.valueOf(rs.getString("source_type")),
        rs.getString("cookie_file_path"),
        AuthProfileStatus.valueOf(rs.getString("status")),
        rs.getInt("failure_count_recent"),
        noSuccess ? null : Instant.ofEpochMilli(success),
        noFailure ? null : Instant.ofEpochMilli(failure));
  }
}
