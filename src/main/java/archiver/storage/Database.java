package archiver.storage;

import archiver.config.AppConfig;
import archiver.config.Secrets;
import archiver.config.StorageBackend;
import com.zaxxer.hikari.HikariDataSource;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.MigrationInfo;
import org.jdbi.v3.core.ConnectionFactory;
import org.jdbi.v3.core.Jdbi;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

/**
 * The SQLite file: WAL (readers never wait for the writer), a busy timeout (writers queue instead
 * of failing), foreign keys on, and write transactions that take the write lock at BEGIN so two
 * writers never dead-lock upgrading read locks (SQLITE_BUSY would skip the busy timeout).
 *
 * <p>One connection per process, used by one caller at a time. SQLite writes one at a time anyway,
 * and its busy handler waits inside native code: a virtual thread waiting there pins its carrier,
 * so a few of them could starve the very thread that holds the lock (seen as "database is locked"
 * after exactly the busy timeout under load). Waiting on a Java lock instead lets virtual threads
 * step aside. One connection also keeps its page cache warm and its compiled statements ({@link
 * StatementCache}) instead of re-reading and re-compiling after another connection's writes. Other
 * processes (the CLI reading jobs) have their own connection and still meet the busy timeout.
 *
 * <p>Or PostgreSQL ({@code storage.backend: postgres}, {@link PostgresDatabase}): a pool of
 * connections whose transactions run side by side; the repositories serialise the few that read and
 * then write on what they read ({@link Serial}).
 */
public final class Database implements AutoCloseable {

  static final int BUSY_TIMEOUT_MS = 10_000;

  /** Orders the migrations of this process (see {@link #migrate}); holds no state. */
  private static final Object MIGRATING = new Object();

  private final StorageBackend backend;
  private final Path file;
  private final javax.sql.DataSource dataSource;
  private final String migrations;

  /** SQLite's one connection; null on PostgreSQL. */
  private final Connection connection;

  /** PostgreSQL's pool; null on SQLite. */
  private final HikariDataSource pool;

  private final ReentrantLock access = new ReentrantLock();
  private final StatementCache statements = new StatementCache();
  private final Jdbi jdbi;
  private boolean closed;

  private Database(Path file, SQLiteDataSource dataSource, Connection connection) {
    this.backend = StorageBackend.SQLITE;
    this.file = file;
    this.dataSource = dataSource;
    this.migrations = "classpath:db/migration";
    this.connection = connection;
    this.pool = null;
    this.jdbi = Jdbi.create(new LockedConnection());
    this.jdbi.setStatementBuilderFactory(conn -> statements);
  }

  private Database(Path file, HikariDataSource pool) {
    this.backend = StorageBackend.POSTGRES;
    this.file = file;
    this.dataSource = pool;
    this.migrations = PostgresDatabase.MIGRATIONS;
    this.connection = null;
    this.pool = pool;
    this.jdbi = Jdbi.create(pool);
  }

  /**
   * Opens the configured backend: SQLite in {@code databaseFile} (already resolved against the
   * working folder), or PostgreSQL at {@code storage.url} with {@code password} ({@code
   * ARCHIVER_STORAGE_PASSWORD}; empty when the server needs none).
   */
  public static Database open(
      AppConfig.Storage storage, Path databaseFile, Optional<String> password) {
    return switch (storage.backend()) {
      case SQLITE -> open(databaseFile);
      // The folder of paths.database still holds the bot's own small files (ytdlp-update).
      case POSTGRES ->
          new Database(
              databaseFile.toAbsolutePath().normalize(),
              PostgresDatabase.open(storage.url().trim(), password.orElse(null)));
    };
  }

  /** {@link #open(AppConfig.Storage, Path, Optional)} with the password of this process's env. */
  public static Database open(AppConfig.Storage storage, Path databaseFile) {
    return open(storage, databaseFile, Secrets.fromEnvironment(System.getenv()).storagePassword());
  }

  /**
   * Opens and migrates the PostgreSQL database at {@code jdbcUrl}; {@code password} may be null.
   */
  public static Database openPostgres(String jdbcUrl, String password) {
    return new Database(null, PostgresDatabase.open(jdbcUrl, password));
  }

  /**
   * Hands the one connection to one handle at a time: taken when a handle opens, given back when it
   * closes, so a transaction's state is never seen by another thread's handle. A call nested in
   * another on the same thread gets the open handle from JDBI, so it neither opens a second one nor
   * ends the outer transaction.
   */
  private final class LockedConnection implements ConnectionFactory {
    @Override
    public Connection openConnection() throws SQLException {
      access.lock();
      if (closed) {
        access.unlock();
        throw new SQLException("database " + file + " is closed");
      }
      return connection;
    }

    @Override
    public void closeConnection(Connection conn) {
      // Kept open for the next handle; only the lock is given back.
      access.unlock();
    }
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
    Connection connection = connect(sqlite, absolute);
    if (!atLatestSchema(connection)) {
      // Flyway works on connections of its own; this one is closed first so that no idle
      // connection stands beside a migration (V8 runs VACUUM).
      close(connection, absolute);
      migrate(sqlite, absolute);
      connection = connect(sqlite, absolute);
    }
    return new Database(absolute, sqlite, connection);
  }

  /**
   * Opens a connection, waiting out a migration in another connection: opening sets WAL mode, which
   * SQLite answers with SQLITE_BUSY at once, without the busy timeout, while a migration holds the
   * file (V8's VACUUM, a new file's tables). Tried again for as long as the busy timeout.
   */
  private static Connection connect(SQLiteDataSource sqlite, Path file) {
    long giveUpAt =
        System.nanoTime() + java.util.concurrent.TimeUnit.MILLISECONDS.toNanos(BUSY_TIMEOUT_MS);
    long pauseMillis = 10;
    while (true) {
      try {
        return sqlite.getConnection();
      } catch (SQLException e) {
        boolean busy = e.getMessage() != null && e.getMessage().contains("SQLITE_BUSY");
        if (!busy || System.nanoTime() > giveUpAt) {
          throw new StorageException("cannot open database " + file + ": " + e.getMessage(), e);
        }
        try {
          Thread.sleep(pauseMillis);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new StorageException("interrupted opening database " + file, e);
        }
        pauseMillis = Math.min(200, pauseMillis * 2);
      }
    }
  }

  private static void close(Connection connection, Path file) {
    try {
      connection.close();
    } catch (SQLException e) {
      throw new StorageException("cannot close database " + file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Migrates under a lock: Flyway takes none on SQLite, so the bot starting and {@code ./archiver
   * jobs} beside it would both apply the same version to a new file, and the second fails recording
   * it ("Unable to insert row for version ..."). The lock is a file of its own beside the database:
   * a lock on the database file itself would mix with SQLite's own POSIX locks, which closing any
   * descriptor of that file drops. Within one process the monitor orders the openers, as one
   * process may not take the same file lock twice.
   */
  private static void migrate(SQLiteDataSource dataSource, Path file) {
    Path lockFile = file.resolveSibling(file.getFileName() + ".migrate-lock");
    synchronized (MIGRATING) {
      try (FileChannel channel =
              FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
          FileLock held = channel.lock()) {
        Flyway.configure()
            .dataSource(dataSource)
            .locations("classpath:db/migration")
            .load()
            .migrate();
      } catch (IOException e) {
        throw new StorageException(
            "cannot lock " + lockFile + " to migrate the database: " + e.getMessage(), e);
      } catch (RuntimeException e) {
        throw new StorageException("cannot migrate database " + file + ": " + e.getMessage(), e);
      }
    }
  }

  /**
   * The newest migration under {@code db/migration} ({@code DatabaseTest} checks it is): a file
   * already there needs no migration run.
   */
  static final int LATEST_SCHEMA = 11;

  /**
   * Whether the file has every migration applied, read from Flyway's history table: Flyway itself
   * scans the jar for migrations first, a tenth of a second of a short command's start
   * (docs/PERFORMANCE.md, "CLI start-up"). Anything else — a new file, an older or newer schema, a
   * failed migration — goes to Flyway, which migrates or says what is wrong.
   */
  private static boolean atLatestSchema(Connection c) {
    try (java.sql.Statement st = c.createStatement();
        java.sql.ResultSet rs =
            st.executeQuery(
                "SELECT MAX(CAST(version AS INTEGER)), SUM(success = 0) FROM flyway_schema_history"
                    + " WHERE version IS NOT NULL")) {
      return rs.next() && rs.getInt(1) == LATEST_SCHEMA && rs.getInt(2) == 0;
    } catch (SQLException noHistoryYet) {
      return false;
    }
  }

  /** The applied schema version, e.g. "1"; for {@code doctor}. */
  public String schemaVersion() {
    MigrationInfo current =
        Flyway.configure().dataSource(dataSource).locations(migrations).load().info().current();
    return current == null ? "none" : current.getVersion().getVersion();
  }

  /**
   * Waits for the call in progress, then closes the connection; the file stays consistent without
   * it (WAL), but tidier. Later calls fail with a clear message.
   */
  @Override
  public void close() {
    if (pool != null) {
      pool.close();
      return;
    }
    access.lock();
    try {
      if (closed) {
        return;
      }
      closed = true;
      statements.clear();
      connection.close();
    } catch (SQLException e) {
      throw new StorageException("cannot close database " + file + ": " + e.getMessage(), e);
    } finally {
      access.unlock();
    }
  }

  /**
   * The SQLite file; on PostgreSQL the place {@code paths.database} names (its folder keeps the
   * bot's local files), or null when opened by URL alone.
   */
  public Path file() {
    return file;
  }

  public StorageBackend backend() {
    return backend;
  }

  public Jdbi jdbi() {
    return jdbi;
  }

  public JobRepository jobs() {
    return new JobRepository(jdbi);
  }

  public DeliveryRepository deliveries() {
    return new DeliveryRepository(jdbi);
  }

  public JobEventRepository events() {
    return new JobEventRepository(jdbi);
  }

  public AuthProfileRepository authProfiles() {
    return new AuthProfileRepository(jdbi);
  }

  public HistoryPruner history() {
    return new HistoryPruner(jdbi);
  }

  public BatchRepository batches() {
    return new BatchRepository(jdbi);
  }

  public ChatSettingsRepository chatSettings() {
    return new ChatSettingsRepository(jdbi);
  }

  public UpkeepStateRepository upkeepState() {
    return new UpkeepStateRepository(jdbi);
  }

  public JobLeases leases() {
    return new JobLeases(jdbi);
  }

  public ProcessRepository processes() {
    return new ProcessRepository(jdbi);
  }

  public RenameRepository renames() {
    return new RenameRepository(jdbi);
  }
}
