package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.storage.Database;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar stopped with SIGTERM while a job downloads: a clean stop, not an error. */
class GracefulStopIT {

  private static final String TOKEN = "123456789:AAH-graceful-stop-token-for-fake-api";
  private static final long USER = 5002;

  @TempDir Path dir;

  @Test
  @DisplayName("SIGTERM mid-download logs no ERROR line and leaves the job for the next start")
  void aCleanStopWhileAJobRunsLogsNoErrorAndLeavesTheJobForRecovery() throws Exception {
    Path clip = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("clips")), 3, 320, 240);
    byte[] bytes = Files.readAllBytes(clip);
    try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
        LocalMediaServer media = LocalMediaServer.start()) {
      // Slower than the 20 s grace: the job is still downloading when the stop gives up on it.
      media.respond(
          "/slow.mp4", new LocalMediaServer.Drip(bytes, "video/mp4", 256, Duration.ofMillis(500)));
      Files.writeString(
          dir.resolve("config.yaml"),
          "telegram: { api_base_url: '"
              + telegram.baseUrl()
              + "' }\n"
              + "security: { allow_private_addresses: true, allow_http: true }\n");
      ArchiverJar jar = new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN));
      Path log = dir.resolve("bot.log");

      Process bot = jar.start(log, "run");
      try {
        telegram.userSendsText(USER, USER, "/video " + media.baseUrl() + "/slow.mp4", "en");
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status() == JobStatus.RUNNING);
      } finally {
        bot.destroy(); // SIGTERM: the graceful stop
        assertThat(bot.waitFor(60, TimeUnit.SECONDS)).isTrue();
      }

      String output = Files.readString(log);
      assertThat(output.lines().filter(l -> l.contains("\"level\":\"ERROR\"")))
          .as("ERROR lines in the log")
          .isEmpty();
      assertThat(output).contains("interrupted by the stop");
      assertThat(status()).as("left for start-up recovery").isEqualTo(JobStatus.RUNNING);
    }
  }

  private JobStatus status() {
    Path file = dir.resolve("data/archiver.db");
    if (!Files.exists(file)) {
      return JobStatus.PENDING;
    }
    try (Database db = Database.open(file)) {
      return db.jobs().list(Optional.empty(), 1).stream()
          .findFirst()
          .map(Job::status)
          .orElse(JobStatus.PENDING);
    }
  }
}
