package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.storage.Database;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The real jar killed with SIGKILL mid-download, then started again: the job still ends. */
class RecoveryIT {

  private static final String TOKEN = "123456789:AAH-recovery-test-token-for-fake-api";
  private static final long USER = 5001;

  @TempDir Path dir;

  @Test
  @DisplayName(
      "kill -9 while a job downloads from a slow server; after a restart it completes, recovered")
  void jobSurvivesAKilledProcess() throws Exception {
    Path clip = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("clips")), 3, 320, 240);
    byte[] bytes = Files.readAllBytes(clip);
    try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
        LocalMediaServer media = LocalMediaServer.start()) {
      media.respond(
          "/slow.mp4", new LocalMediaServer.Drip(bytes, "video/mp4", 1024, Duration.ofMillis(200)));
      Files.writeString(
          dir.resolve("config.yaml"),
          "telegram: { api_base_url: '"
              + telegram.baseUrl()
              + "' }\n"
              + "security: { allow_private_addresses: true, allow_http: true }\n");
      ArchiverJar jar = new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN));
      Path log = dir.resolve("bot.log");

      Process first = jar.start(log, "run");
      try {
        telegram.userSendsText(USER, USER, "/video " + media.baseUrl() + "/slow.mp4", "en");
        Awaitility.await()
            .atMost(Duration.ofSeconds(60))
            .until(
                () ->
                    media.requestsFor("/slow.mp4").stream()
                        .anyMatch(r -> r.method().equals("GET")));
        Awaitility.await()
            .atMost(Duration.ofSeconds(30))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status() == JobStatus.RUNNING);
      } finally {
        first.destroyForcibly(); // SIGKILL: no shutdown hook, no chance to clean up
        assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
      }
      assertThat(status()).isEqualTo(JobStatus.RUNNING);

      media.serve("/slow.mp4", bytes, "video/mp4");
      Process second = jar.start(log, "run");
      try {
        Awaitility.await()
            .atMost(Duration.ofSeconds(90))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status().isTerminal());
        telegram.awaitCall("sendVideo", Duration.ofSeconds(30));
      } finally {
        second.destroy(); // SIGTERM: the graceful stop
        assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      try (Database db = Database.open(dir.resolve("data/archiver.db"))) {
        Job job = db.jobs().list(Optional.empty(), 1).getFirst();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        List<EventType> events = db.events().forJob(job.id()).stream().map(JobEvent::type).toList();
        assertThat(events).contains(EventType.JOB_RECOVERED_STALE, EventType.JOB_COMPLETED);
        assertThat(db.jobs().countByStatus().get(JobStatus.RUNNING)).isZero();
      }
      assertThat(Files.readString(log))
          .doesNotContain(TOKEN)
          .doesNotContain("AAH-recovery-test-token");
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
