package archiver.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file: WAL (readers never wait for the writer), a busy timeout (writers queue instead
 * of failing), foreign keys on, and write transactions that take the write lock at BEGIN so two
 * writers never dead-lock upgrading read locks (SQLITE_BUSY would skip the busy timeout).
 */
public final class Database {

  static final int BUSY_TIMEOUT_MS = 10_000;

  private final Path file;
  private final Jdbi jdbi;
  private final SQLiteDataSource dataSource;

  private Database(Path file, SQLiteDataSource dataSource) {
    this.file = file;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
  }

  /** Opens (creating if needed) and migrates the database file. */
  public static Database open(Path file) {
    Path absolute = file.toAbsolutePath().normalize();
    try {
      if (absolute.getParent() != null) {
        Files.createDirectories(absolute.getParent());
      }
    } catch (IOException e) {
      throw new StorageException("cannot create the folder of database " + absolute, e);
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setJournalMode(SQLiteConfig.JournalMode.WAL);
    config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
    config.setBusyTimeout(BUSY_TIMEOUT_MS);
    config.enforceForeignKeys(true);
    config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
    SQLiteDataSource ds = new SQLiteDataSource(config);
    ds.setUrl("jdbc:sqlite:" + absolute);
    Database db = new Database(absolute, ds);
    db.migrate();
    return db;
  }

  private void migrate() {
    try {
      Flyway.configure()
          .dataSource(dataSource)
          .locations("classpath:db/migration")
          .load()
          .migrate();
    } catch (RuntimeException e) {
      throw new StorageException("cannot migrate database " + file + ": " + e.getMessage(), e);
    }
  }

  /** The applied schema version, e.g. "1"; for {@code doctor}. */
  public String schemaVersion() {
    MigrationInfo current =
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .info()
            .current();
    return current == null ? "none" : current.getVersion().getVersion();
  }

  public Path file() {
    return file;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public JobRepository jobs() {
    return new JobRepository(jdbi);
  }

  public JobEventRepository events() {
    return new JobEventRepository(jdbi);
  }

  public AuthProfileRepository authProfiles() {
    return new AuthProfileRepository(jdbi);
  }

  public ChatSettingsRepository chatSettings() {
    return new ChatSettingsRepository(jdbi);
  }
}
