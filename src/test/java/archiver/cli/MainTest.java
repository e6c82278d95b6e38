package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line builds only the command it runs (a short command's start), yet help, a typo and
 * options before the command behave as with every command built.
 */
class MainTest {

  @TempDir Path dir;

  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return Main.run(
        args,
        Map.of(),
        dir,
        Clock.systemUTC(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
  }

  @Test
  void theCommandIsTheFirstWordThatIsNotARootOption() {
    assertThat(Main.commandNamed(new String[] {"inspect", "-"})).contains("inspect");
    assertThat(Main.commandNamed(new String[] {"--config", "run", "jobs"})).contains("jobs");
    assertThat(Main.commandNamed(new String[] {"-h"})).isEmpty();
    assertThat(Main.commandNamed(new String[] {})).isEqualTo(Optional.empty());
  }

  @Test
  void helpStillListsEveryCommandButNotTheTrainingRun() {
    assertThat(run("--help")).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8))
        .contains("doctor", "jobs", "job", "run", "worker", "fetch", "inspect")
        .doesNotContain("cds-training");
  }

  @Test
  void aWorkerOnSqliteIsRefusedWithWhatToUseInstead() {
    assertThat(run("worker")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("needs storage.backend: postgres")
        .contains("`archiver run` does all the work");
  }

  @Test
  void versionIsThePomsRelease() {
    assertThat(run("--version")).isZero();
    // The pom's <version>, filled in by the build: never a placeholder or "unknown".
    assertThat(out.toString(StandardCharsets.UTF_8).strip())
        .matches("media-archiver \\d+\\.\\d+\\.\\d+(-SNAPSHOT)?");
  }

  @Test
  void aMistypedCommandIsAUsageErrorThatSuggestsTheRightOne() {
    assertThat(run("inspct", "https://youtu.be/dQw4w9WgXcQ")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("inspect");
  }

  @Test
  void aCommandAfterTheConfigOptionRunsWithThatFile() throws Exception {
    java.nio.file.Files.writeString(
        dir.resolve("bot.yaml"), "security: { allow_private_addresses: true, allow_http: true }\n");
    assertThat(
            run(
                "--config",
                dir.resolve("bot.yaml").toString(),
                "inspect",
                "http://127.0.0.1:8080/x.mp4"))
        .isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("\"accepted\":true");
  }
}
