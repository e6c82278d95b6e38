package archiver.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import java.util.concurrent.locks.ReentrantLock;
import org.jdbi.v3.core.HandleCallback;
import org.jdbi.v3.core.Jdbi;
import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file: WAL (readers never wait for the writer), a busy timeout (writers queue instead
 * of failing), foreign keys on, and write transactions that take the write lock at BEGIN so two
 * writers never dead-lock upgrading read locks (SQLITE_BUSY would skip the busy timeout).
 */
public final class Database implements AutoCloseable {

  static final int BUSY_TIMEOUT_MS = 10_000;

  /**
   * Connections kept open: opening one per statement (and setting its pragmas) costs more than the
   * statement. SQLite writes one at a time anyway; a few connections let reads run beside a write.
   */
  static final int POOL_SIZE = 4;

  private final Path file;
  private final Jdbi jdbi;
  private final HikariDataSource dataSource;

  /**
   * One database call at a time within this process. SQLite writes one at a time anyway, and its
   * busy handler waits inside native code: a virtual thread waiting there pins its carrier, so a
   * few of them could starve the very thread that holds the lock (seen as "database is locked"
   * after exactly the busy timeout under load). Waiting here instead, on a Java lock, lets virtual
   * threads step aside. Other processes (the CLI reading jobs) still meet the busy timeout.
   */
  private final ReentrantLock access = new ReentrantLock();

  private Database(Path file, HikariDataSource dataSource) {
    this.file = file;
    this.dataSource = dataSource;
    this.jdbi = Jdbi.create(dataSource);
    this.jdbi.setHandleCallbackDecorator(this::serialized);
  }

  private <R, X extends Exception> HandleCallback<R, X> serialized(HandleCallback<R, X> callback) {
    return handle -> {
      access.lock();
      try {
        return callback.withHandle(handle);
      } finally {
        access.unlock();
      }
    };
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
    SQLiteDataSource sqlite = new SQLiteDataSource(config);
    sqlite.setUrl("jdbc:sqlite:" + absolute);
    HikariConfig pool = new HikariConfig();
    pool.setDataSource(sqlite);
    pool.setPoolName("sqlite");
    pool.setMaximumPoolSize(POOL_SIZE);
    pool.setMinimumIdle(1);
    pool.setConnectionTimeout(BUSY_TIMEOUT_MS * 3L);
    Database db = new Database(absolute, new HikariDataSource(pool));
    try {
      db.migrate();
    } catch (RuntimeException e) {
      db.close();
      throw e;
    }
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

  /** Closes the pooled connections; the file stays consistent without it (WAL), but tidier. */
  @Override
  public void close() {
    dataSource.close();
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
