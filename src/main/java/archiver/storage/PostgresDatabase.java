package archiver.storage;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.flywaydb.core.Flyway;

/**
 * Opens {@code storage.backend: postgres}: a small pool of connections and the migrations under
 * {@code db/postgres}, which carry the same versions and descriptions as SQLite's so that both
 * backends share one schema history.
 */
final class PostgresDatabase {

  static final String MIGRATIONS = "classpath:db/postgres";

  /**
   * Enough for the bot's workers, its fan-out and the operator page at once; PostgreSQL serves each
   * connection with a process of its own, so not more.
   */
  static final int POOL_SIZE = 10;

  private PostgresDatabase() {}

  /**
   * A pool on {@code jdbcUrl}, migrated; fails at once, with the server's reason, if unreachable.
   */
  static HikariDataSource open(String jdbcUrl, String password) {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(jdbcUrl);
    if (password != null && !password.isBlank()) {
      config.setPassword(password);
    }
    config.setPoolName("archiver-postgres");
    config.setMaximumPoolSize(POOL_SIZE);
    // The bot is idle most of the time: one connection stands ready, the rest come on demand.
    config.setMinimumIdle(1);
    HikariDataSource pool;
    try {
      pool = new HikariDataSource(config);
    } catch (RuntimeException e) {
      throw new StorageException("cannot open database " + redacted(jdbcUrl) + ": " + reason(e), e);
    }
    try {
      // Flyway takes PostgreSQL's advisory lock itself: two processes migrating at once queue.
      flyway(pool).migrate();
    } catch (RuntimeException e) {
      pool.close();
      throw new StorageException(
          "cannot migrate database " + redacted(jdbcUrl) + ": " + e.getMessage(), e);
    }
    return pool;
  }

  static Flyway flyway(javax.sql.DataSource dataSource) {
    return Flyway.configure().dataSource(dataSource).locations(MIGRATIONS).load();
  }

  /** The URL as it may be shown: a password written into it (against advice) is not. */
  static String redacted(String jdbcUrl) {
    return jdbcUrl.replaceAll("(?i)(password=)[^&]*", "$1****");
  }

  /** The innermost cause says why (refused, no such database, authentication failed). */
  private static String reason(Throwable e) {
    Throwable cause = e;
    while (cause.getCause() != null && cause.getCause() != cause) {
      cause = cause.getCause();
    }
    return cause.getMessage();
  }
}
