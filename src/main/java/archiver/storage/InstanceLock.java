package archiver.storage;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One bot per database: an exclusive OS file lock on {@code <database>.lock} beside the database
 * (e.g. {@code data/archiver.db.lock}), held for the life of the process. Start-up recovery treats
 * every RUNNING job as left by a dead process, which is only true while no other bot uses the
 * database. The OS drops the lock when the process ends, also on SIGKILL, so a crash never leaves a
 * stale lock behind (a pid file would).
 *
 * <p>Once locked, the file names its holder for the message of the next one refused, in three
 * {@code key=value} lines:
 *
 * <pre>
 * pid=4242
 * host=myserver
 * since=2026-12-01T23:10:04Z
 * </pre>
 *
 * The file stays after the bot stops, still naming the last holder: only the lock on it counts.
 *
 * <p>File locks belong to the whole process, and on Linux closing <em>any</em> channel on the file
 * drops them all (fcntl semantics; see {@link FileLock}). So while this process holds the lock it
 * never opens the file again: the locks it holds are kept in {@link #HELD} and looked up first.
 */
public final class InstanceLock implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(InstanceLock.class);

  static final String SUFFIX = ".lock";

  /**
   * The lock files this process holds, by real path. Static because file locks are per process, not
   * per object: a second {@code tryLock} in this JVM would throw, and closing its channel would
   * drop the first lock.
   */
  private static final Map<Path, Known> HELD = new ConcurrentHashMap<>();

  /** Who holds the lock, as far as its file tells. */
  public sealed interface Holder permits Known, Unknown {
    /** For a message: {@code pid 4242 on host myserver, since 2026-12-01T23:10:04Z}. */
    String describe();
  }

  /** The holder the lock file names. */
  public record Known(long pid, String host, Instant since) implements Holder {
    @Override
    public String describe() {
      return "pid " + pid + " on host " + host + ", since " + since;
    }

    String fileText() {
      return "pid=" + pid + "\nhost=" + host + "\nsince=" + since + "\n";
    }
  }

  /** The lock is held, but its file does not say by whom (being written, damaged, unreadable). */
  public record Unknown(String reason) implements Holder {
    @Override
    public String describe() {
      return "holder unknown: " + reason;
    }
  }

  private final Path file;
  private final Path key;
  private final FileChannel channel;
  private final Known holder;

  private InstanceLock(Path file, Path key, FileChannel channel, Known holder) {
    this.file = file;
    this.key = key;
    this.channel = channel;
    this.holder = holder;
  }

  /** The lock file of a database: its name plus {@value #SUFFIX}, in the same folder. */
  public static Path fileFor(Path databaseFile) {
    Path database = databaseFile.toAbsolutePath().normalize();
    return database.resolveSibling(database.getFileName() + SUFFIX);
  }

  /**
   * Takes the lock of {@code databaseFile} (creating its folder and lock file when needed) and
   * writes this process into it. Call it before the database is opened.
   *
   * @throws InstanceLockedException when another process, or this one, already holds it
   * @throws StorageException when the lock file cannot be created, locked or written
   */
  public static InstanceLock acquire(Path databaseFile, Clock clock) {
    Path file = fileFor(databaseFile);
    Path key;
    try {
      Files.createDirectories(file.getParent());
      key = key(file);
    } catch (IOException e) {
      throw new StorageException(
          "cannot create the folder of lock file " + file + ": " + e.getMessage(), e);
    }
    Known me =
        new Known(
            ProcessHandle.current().pid(),
            localHostName(),
            clock.instant().truncatedTo(ChronoUnit.SECONDS));
    Known earlier = HELD.putIfAbsent(key, me);
    if (earlier != null) {
      throw new InstanceLockedException(file, earlier);
    }
    try {
      return lock(file, key, me);
    } catch (RuntimeException e) {
      HELD.remove(key, me);
      throw e;
    }
  }

  private static InstanceLock lock(Path file, Path key, Known me) {
    FileChannel channel;
    try {
      channel =
          FileChannel.open(
              file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE);
    } catch (IOException e) {
      throw new StorageException("cannot open lock file " + file + ": " + e.getMessage(), e);
    }
    FileLock lock = tryLock(channel, file, false);
    if (lock == null) {
      closeQuietly(channel);
      throw new InstanceLockedException(file, readHolder(file));
    }
    try {
      channel.truncate(0);
      channel.write(ByteBuffer.wrap(me.fileText().getBytes(StandardCharsets.UTF_8)), 0);
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException("cannot write lock file " + file + ": " + e.getMessage(), e);
    }
    return new InstanceLock(file, key, channel, me);
  }

  /**
   * Who holds the lock of {@code databaseFile} right now; empty when nobody does. For {@code
   * doctor}, which must not take the lock: it only tries a shared lock for an instant (Java cannot
   * ask without locking), so a bot starting in that very instant would be refused.
   *
   * @throws StorageException when the lock file exists but cannot be opened or probed
   */
  public static Optional<Holder> holder(Path databaseFile) {
    Path file = fileFor(databaseFile);
    Path key;
    try {
      key = key(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException(
          "cannot read the folder of lock file " + file + ": " + e.getMessage(), e);
    }
    Known mine = HELD.get(key);
    if (mine != null) {
      return Optional.of(mine);
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      throw new StorageException("cannot open lock file " + file + ": " + e.getMessage(), e);
    }
    FileLock probe;
    try {
      probe = tryLock(channel, file, true);
    } catch (InstanceLockedException e) {
      return Optional.of(e.holder());
    }
    closeQuietly(channel); // also releases the probe's lock
    return probe == null ? Optional.of(readHolder(file)) : Optional.empty();
  }

  /**
   * The lock, or null when another process holds it. {@link #HELD} keeps this class from locking
   * twice in one process, so an overlapping lock means other code of this process locked the file:
   * that counts as held. (Closing this channel then drops that lock too, see the class comment;
   * nothing but this class locks the file.)
   */
  private static FileLock tryLock(FileChannel channel, Path file, boolean shared) {
    try {
      return channel.tryLock(0, Long.MAX_VALUE, shared);
    } catch (OverlappingFileLockException e) {
      closeQuietly(channel);
      throw new InstanceLockedException(
          file,
          new Unknown(
              "locked elsewhere in this process (pid " + ProcessHandle.current().pid() + ")"));
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException("cannot lock " + file + ": " + e.getMessage(), e);
    }
  }

  /** Read only by a process that holds no lock on the file (see the class comment). */
  private static Holder readHolder(Path file) {
    try {
      return parse(Files.readString(file, StandardCharsets.UTF_8), file);
    } catch (IOException e) {
      return new Unknown("cannot read " + file + ": " + e.getMessage());
    }
  }

  static Holder parse(String text, Path file) {
    if (text.isBlank()) {
      return new Unknown(file + " is empty");
    }
    Map<String, String> values = new HashMap<>();
    for (String line : text.split("\n")) {
      int eq = line.indexOf('=');
      if (eq > 0) {
        values.putIfAbsent(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
      }
    }
    String pid = values.get("pid");
    String host = values.get("host");
    String since = values.get("since");
    if (pid == null || host == null || since == null) {
      return new Unknown(file + " does not name pid, host and since");
    }
    try {
      return new Known(Long.parseLong(pid), host, Instant.parse(since));
    } catch (NumberFormatException | DateTimeParseException e) {
      return new Unknown(file + " has an unreadable pid or since");
    }
  }

  /** The same lock file reached through a symlinked folder is the same key. */
  private static Path key(Path file) throws IOException {
    return file.getParent().toRealPath().resolve(file.getFileName());
  }

  /** Only for messages: when the machine's own name does not resolve, "unknown" will do. */
  private static String localHostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      return "unknown";
    }
  }

  private static void closeQuietly(FileChannel channel) {
    try {
      channel.close();
    } catch (IOException e) {
      log.debug("closing a lock file channel failed", e);
    }
  }

  public Path file() {
    return file;
  }

  public Known holder() {
    return holder;
  }

  /** Releases the lock (the file stays). Call it after the database is closed. */
  @Override
  public void close() {
    if (!channel.isOpen()) {
      return;
    }
    try {
      channel.close();
    } catch (IOException e) {
      log.warn(
          "cannot release lock file {} cleanly; it is released when the process ends", file, e);
    } finally {
      HELD.remove(key, holder);
    }
  }
}
