package archiver.logging;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The real logback-file.xml through {@link LoggingSetup}: with {@code logging.file} set the JSON
 * log also goes to a file that rotates at {@code max_file_mb}, keeping {@code max_files} old ones.
 */
class LogFileRotationTest {

  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @AfterEach
  void restoreConsoleLogging() {
    LoggingSetup.configure(
        AppConfig.defaults().logging(), false, LoggingSetup.Target.STDERR, new DebugTargets());
  }

  @Test
  void givenLogFileWithOneMegabyteCap_whenMuchIsLogged_thenItRotatesAndKeepsTwoOldFiles() {
    Path file = dir.resolve("logs/archiver.log");
    LoggingSetup.configure(
        new AppConfig.Logging("INFO", file, 1, 2),
        false,
        LoggingSetup.Target.STDERR,
        new DebugTargets());
    Logger log = LoggerFactory.getLogger("archiver.rotation");
    String filler = "x".repeat(1000);

    // Logback checks the size every 100 ms; keep logging until two rotations happened.
    Awaitility.await()
        .atMost(Duration.ofSeconds(60))
        .until(
            () -> {
              for (int i = 0; i < 300; i++) {
                log.info("filler line {} {}", i, filler);
              }
              return Files.exists(dir.resolve("logs/archiver.log.2")) && Files.size(file) > 0;
            });
    for (int i = 0; i < 3000; i++) {
      log.info("more {} {}", i, filler);
    }

    assertThat(dir.resolve("logs/archiver.log.1")).exists();
    assertThat(dir.resolve("logs/archiver.log.3")).doesNotExist();
    assertThat(Files.exists(file)).isTrue();
    try {
      assertThat(Files.size(dir.resolve("logs/archiver.log.1"))).isBetween(MB, 6 * MB);
      // A rotated file holds whole JSON lines of what was logged before (checked without printing
      // megabytes of it on a failure).
      String rotated = Files.readString(dir.resolve("logs/archiver.log.1"));
      assertThat(rotated.startsWith("{\"level\":\"INFO\""))
          .as("a rotated file starts with a whole JSON line")
          .isTrue();
      assertThat(rotated.contains("filler line") || rotated.contains("\"more "))
          .as("holds the lines logged")
          .isTrue();
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
