package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.testing.ArchiverJar;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar with {@code logging.file}: the JSON log file rotates at its cap. */
class LogRotationIT {

  private static final long MB = 1024 * 1024;

  @TempDir Path dir;

  @Test
  void givenLogFileCapOfOneMegabyte_whenTheJarLogsMore_thenTheFileRotatesAndOldOnesAreBounded()
      throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "logging: { level: DEBUG, file: logs/archiver.log, max_file_mb: 1, max_files: 2 }\n");
    // At DEBUG every intake verdict is a log line: 120,000 links make about 40 MB of JSON, and
    // take a few seconds, so Logback's size check (every 100 ms) sees the cap passed many times.
    List<String> links = new ArrayList<>();
    for (int i = 0; i < 120_000; i++) {
      links.add(
          i % 2 == 0
              ? "https://www.youtube.com/watch?v=dQw4w9WgXc" + (char) ('A' + i % 26)
              : "ftp://example.org/" + i);
    }
    Path input = Files.write(dir.resolve("links.txt"), links);

    ArchiverJar.Run run = new ArchiverJar(dir, Map.of()).runWithInput(input, "inspect", "-");

    assertThat(run.exitCode()).isZero();
    assertThat(run.stdout().lines()).hasSize(120_000);
    Path log = dir.resolve("logs/archiver.log");
    assertThat(log).exists();
    assertThat(dir.resolve("logs/archiver.log.1")).exists();
    assertThat(dir.resolve("logs/archiver.log.3")).doesNotExist();
    // The cap is checked every 100 ms, so a file may pass it by what a tenth of a second writes:
    // under 12 MB unless the jar logs over 100 MB a second (it writes about 10 here).
    assertThat(Files.size(dir.resolve("logs/archiver.log.1")))
        .isGreaterThanOrEqualTo(MB)
        .isLessThan(12 * MB);
    assertThat(Files.readString(dir.resolve("logs/archiver.log.1")))
        .contains("intake refused", "\"level\":\"DEBUG\"");
  }
}
