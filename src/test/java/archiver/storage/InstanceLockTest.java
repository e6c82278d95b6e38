package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Within one process; {@code InstanceLockIT} shows the lock against other processes. */
class InstanceLockTest {

  private static final Instant NOW = Instant.parse("2026-12-01T23:10:04.734Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final long PID = ProcessHandle.current().pid();

  @TempDir Path dir;

  @Test
  void lockFileSitsBesideTheDatabase() {
    assertThat(InstanceLock.fileFor(dir.resolve("data/./archiver.db")))
        .isEqualTo(dir.toAbsolutePath().resolve("data/archiver.db.lock"));
  }

  @Test
  @DisplayName(
      "The lock file is created with its folder and names pid, host and since (UTC, seconds)")
  void acquireWritesTheHolderIntoTheLockFile() throws Exception {
    Path database = dir.resolve("data/archiver.db");

    try (InstanceLock lock = InstanceLock.acquire(database, CLOCK)) {
      assertThat(lock.file()).isEqualTo(dir.resolve("data/archiver.db.lock"));
      assertThat(Files.exists(database)).as("the lock does not create the database").isFalse();
      assertThat(lock.holder())
          .isEqualTo(
              new InstanceLock.Known(
                  PID, lock.holder().host(), Instant.parse("2026-12-01T23:10:04Z")));
      assertThat(lock.holder().host()).isNotBlank().doesNotContain("\n");
      String expected =
          "pid=" + PID + "\nhost=" + lock.holder().host() + "\nsince=2026-12-01T23:10:04Z\n";
      assertThat(InstanceLock.holder(database)).contains(lock.holder());
      assertThat(lock.holder().fileText()).isEqualTo(expected);
    }
    // Read after the release: reading a locked file from the process that holds it drops the lock.
    assertThat(Files.readString(dir.resolve("data/archiver.db.lock")))
        .startsWith("pid=" + PID + "\nhost=");
  }

  @Test
  void secondAcquireInTheSameProcessIsRefusedNamingThisProcess() {
    Path database = dir.resolve("archiver.db");
    try (InstanceLock first = InstanceLock.acquire(database, CLOCK)) {
      assertThatThrownBy(() -> InstanceLock.acquire(dir.resolve("./archiver.db"), CLOCK))
          .isInstanceOfSatisfying(
              InstanceLockedException.class,
              e -> {
                assertThat(e.holder()).isEqualTo(first.holder());
                assertThat(e.lockFile()).isEqualTo(first.file());
                assertThat(e.holder().describe())
                    .isEqualTo(
                        "pid "
                            + PID
                            + " on host "
                            + first.holder().host()
                            + ", since 2026-12-01T23:10:04Z");
              });
    }
  }

  @Test
  void theSameFolderReachedThroughASymlinkIsTheSameLock() throws Exception {
    Path real = Files.createDirectories(dir.resolve("real"));
    Path link = Files.createSymbolicLink(dir.resolve("link"), real);
    try (InstanceLock first = InstanceLock.acquire(real.resolve("archiver.db"), CLOCK)) {
      assertThatThrownBy(() -> InstanceLock.acquire(link.resolve("archiver.db"), CLOCK))
          .isInstanceOf(InstanceLockedException.class);
    }
  }

  @Test
  void afterCloseTheLockCanBeTakenAgainAndCloseTwiceIsHarmless() {
    Path database = dir.resolve("archiver.db");
    InstanceLock first = InstanceLock.acquire(database, CLOCK);
    first.close();
    first.close();

    assertThat(InstanceLock.holder(database)).isEmpty();
    try (InstanceLock again = InstanceLock.acquire(database, CLOCK)) {
      assertThat(InstanceLock.holder(database)).contains(again.holder());
    }
  }

  @Test
  void twoDatabasesInOneFolderHaveTwoLocks() {
    try (InstanceLock a = InstanceLock.acquire(dir.resolve("a.db"), CLOCK);
        InstanceLock b = InstanceLock.acquire(dir.resolve("b.db"), CLOCK)) {
      assertThat(a.file()).isNotEqualTo(b.file());
    }
  }

  @Test
  @DisplayName("A lock file left by a killed bot (details, no lock) is taken over and rewritten")
  void staleLockFileDoesNotStopTheNextBot() throws Exception {
    Path database = dir.resolve("archiver.db");
    Files.writeString(
        dir.resolve("archiver.db.lock"),
        "pid=99999999\nhost=gone\nsince=2020-01-01T00:00:00Z\nextra=a long line from before\n");

    assertThat(InstanceLock.holder(database)).isEmpty();
    try (InstanceLock lock = InstanceLock.acquire(database, CLOCK)) {
      assertThat(lock.holder().pid()).isEqualTo(PID);
    }
    assertThat(Files.readString(dir.resolve("archiver.db.lock")))
        .startsWith("pid=" + PID + "\n")
        .doesNotContain("gone", "extra");
  }

  @Test
  void holderIsEmptyWhenNoLockFileOrFolderExists() {
    assertThat(InstanceLock.holder(dir.resolve("archiver.db"))).isEmpty();
    assertThat(InstanceLock.holder(dir.resolve("missing/archiver.db"))).isEmpty();
  }

  @Test
  @DisplayName(
      "OverlappingFileLockException: a lock this process took without InstanceLock counts as held")
  void lockTakenElsewhereInThisProcessIsRefused() throws Exception {
    Path database = dir.resolve("archiver.db");
    try (FileChannel channel =
            FileChannel.open(
                InstanceLock.fileFor(database),
                StandardOpenOption.CREATE,
                StandardOpenOption.WRITE);
        FileLock other = channel.lock()) {
      assertThatThrownBy(() -> InstanceLock.acquire(database, CLOCK))
          .isInstanceOfSatisfying(
              InstanceLockedException.class,
              e ->
                  assertThat(e.holder())
                      .isEqualTo(
                          new InstanceLock.Unknown(
                              "locked elsewhere in this process (pid " + PID + ")")));
      assertThat(InstanceLock.holder(database)).get().isInstanceOf(InstanceLock.Unknown.class);
    }
    // Refused without a trace: once that lock is gone, InstanceLock takes it.
    try (InstanceLock lock = InstanceLock.acquire(database, CLOCK)) {
      assertThat(lock.holder().pid()).isEqualTo(PID);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "pid=4242\\nhost=myserver\\nsince=2026-12-01T23:10:04Z\\n | pid 4242 on host myserver, since 2026-12-01T23:10:04Z",
        "since=2026-12-01T23:10:04Z\\r\\nhost=my-server.lan\\r\\npid=7\\r\\nnew=later | pid 7 on host my-server.lan, since 2026-12-01T23:10:04Z",
        "''                                                   | holder unknown: F is empty",
        "'  \\n'                                              | holder unknown: F is empty",
        "pid=4242\\nhost=myserver\\n                          | holder unknown: F does not name pid, host and since",
        "{\"pid\": 4242}                                      | holder unknown: F does not name pid, host and since",
        "pid=42x\\nhost=h\\nsince=2026-12-01T23:10:04Z        | holder unknown: F has an unreadable pid or since",
        "pid=42\\nhost=h\\nsince=yesterday                    | holder unknown: F has an unreadable pid or since",
      })
  void lockFileTextIsReadIntoAHolder(String text, String described) {
    String unescaped = text.replace("\\r", "\r").replace("\\n", "\n");

    assertThat(InstanceLock.parse(unescaped, Path.of("F")).describe()).isEqualTo(described);
  }
}
