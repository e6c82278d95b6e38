package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.testing.ArchiverJar;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The lock between processes: this test's JVM and a second JVM running {@link Child}. */
class InstanceLockIT {

  private static final long PID = ProcessHandle.current().pid();

  @TempDir Path dir;

  @Test
  @DisplayName(
      "A lock held by another process is refused naming it; the OS drops it when that process is killed")
  void lockOfAnotherProcessIsRefusedUntilItIsKilled() throws Exception {
    Path database = dir.resolve("data/archiver.db");
    Process child = startChild("hold", database);
    try {
      assertThat(firstLine(child)).isEqualTo("acquired");

      assertThatThrownBy(() -> InstanceLock.acquire(database, Clock.systemUTC()))
          .isInstanceOfSatisfying(
              InstanceLockedException.class,
              e ->
                  assertThat(e.holder())
                      .isInstanceOfSatisfying(
                          InstanceLock.Known.class,
                          k -> assertThat(k.pid()).isEqualTo(child.pid())));
      assertThat(InstanceLock.holder(database))
          .get()
          .isInstanceOfSatisfying(
              InstanceLock.Known.class, k -> assertThat(k.pid()).isEqualTo(child.pid()));
    } finally {
      child.destroyForcibly(); // SIGKILL: no chance to release anything itself
      assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    assertThat(InstanceLock.holder(database)).isEmpty();
    try (InstanceLock lock = InstanceLock.acquire(database, Clock.systemUTC())) {
      assertThat(lock.holder().pid()).isEqualTo(PID);
    }
  }

  @Test
  @DisplayName(
      "A second acquire refused inside this process keeps the first lock in force for other processes")
  void refusedSecondAcquireDoesNotReleaseTheFirst() throws Exception {
    Path database = dir.resolve("archiver.db");
    try (InstanceLock lock = InstanceLock.acquire(database, Clock.systemUTC())) {
      assertThatThrownBy(() -> InstanceLock.acquire(database, Clock.systemUTC()))
          .isInstanceOf(InstanceLockedException.class);

      assertThat(runChild("try", database)).isEqualTo("refused " + lock.holder().describe());
      assertThat(InstanceLock.holder(database)).contains(lock.holder());
    }
    assertThat(runChild("try", database)).isEqualTo("acquired");
  }

  private Process startChild(String mode, Path database) throws IOException {
    return new ProcessBuilder(
            ArchiverJar.javaBinary(),
            "-cp",
            System.getProperty("java.class.path"),
            Child.class.getName(),
            mode,
            database.toString())
        .redirectError(ProcessBuilder.Redirect.appendTo(dir.resolve("child-stderr.txt").toFile()))
        .start();
  }

  private String runChild(String mode, Path database) throws Exception {
    Process child = startChild(mode, database);
    String line = firstLine(child);
    assertThat(child.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return line;
  }

  private static String firstLine(Process child) throws IOException {
    BufferedReader out =
        new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
    return out.readLine();
  }

  /**
   * {@code try DB}: prints {@code acquired} or {@code refused <holder>} and ends. {@code hold DB}:
   * prints {@code acquired} and keeps the lock until killed.
   */
  public static final class Child {
    public static void main(String[] args) throws Exception {
      try {
        InstanceLock lock = InstanceLock.acquire(Path.of(args[1]), Clock.systemUTC());
        System.out.println("acquired");
        System.out.flush();
        if (args[0].equals("hold")) {
          new java.util.concurrent.CountDownLatch(1).await(); // until the test kills this process
        }
        lock.close();
      } catch (InstanceLockedException e) {
        System.out.println("refused " + e.holder().describe());
      }
    }
  }
}
