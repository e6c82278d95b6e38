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

/** Two {@code run}s on one database: the second is refused and the first's job is untouched. */
class SingleInstanceIT {

  private static final String TOKEN = "123456789:AAH-single-instance-token-for-fake-api";
  private static final long USER = 5002;

  @TempDir Path dir;

  @Test
  @DisplayName(
      "A second run beside a bot with a RUNNING job exits 2 naming it; the job completes, not recovered")
  void secondRunIsRefusedAndTheFirstBotsJobCompletes() throws Exception {
    Path clip = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("clips")), 3, 320, 240);
    byte[] bytes = Files.readAllBytes(clip);
    try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
        LocalMediaServer media = LocalMediaServer.start()) {
      // About 30 s of download: time for a second run, jobs and doctor while the job runs.
      int chunk = Math.max(1024, bytes.length / 150);
      media.respond(
          "/slow.mp4",
          new LocalMediaServer.Drip(bytes, "video/mp4", chunk, Duration.ofMillis(200)));
      Files.writeString(
          dir.resolve("config.yaml"),
          "telegram: { api_base_url: '"
              + telegram.baseUrl()
              + "' }\n"
              + "security: { allow_private_addresses: true, allow_http: true }\n");
      ArchiverJar jar = new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN));

      Process first = jar.start(dir.resolve("first.log"), "run");
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
        assertThat(Files.readString(dir.resolve("data/archiver.db.lock")))
            .startsWith("pid=" + first.pid() + "\n");

        long started = System.nanoTime();
        ArchiverJar.Run second = jar.runWithin(Duration.ofSeconds(60), "run");
        Duration took = Duration.ofNanos(System.nanoTime() - started);

        assertThat(second.exitCode()).as(second.all()).isEqualTo(2);
        assertThat(took).isLessThan(Duration.ofSeconds(20));
        assertThat(second.stdout()).isEmpty();
        assertThat(second.stderr().strip().lines())
            .singleElement()
            .asString()
            .matches(
                "run: another bot is already running on data/archiver.db \\(pid "
                    + first.pid()
                    + " on host \\S+, since \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ\\);"
                    + " stop it first or use another paths.database");
        assertThat(status()).as("the job still runs in the first bot").isEqualTo(JobStatus.RUNNING);

        ArchiverJar.Run jobs = jar.run("jobs");
        assertThat(jobs.exitCode()).as(jobs.all()).isZero();
        assertThat(jobs.stdout()).containsPattern("\\d+ +RUNNING +VIDEO");
        ArchiverJar.Run doctor = jar.run("doctor", "--quick");
        assertThat(doctor.stdout())
            .containsPattern(
                "INFO +bot +running on data/archiver.db \\(pid " + first.pid() + " on host ");

        Awaitility.await()
            .atMost(Duration.ofSeconds(120))
            .pollInterval(Duration.ofMillis(500))
            .until(() -> status().isTerminal());
        telegram.awaitCall("sendVideo", Duration.ofSeconds(30));
      } finally {
        first.destroy(); // SIGTERM: the graceful stop
        assertThat(first.waitFor(30, TimeUnit.SECONDS)).isTrue();
      }

      try (Database db = Database.open(dir.resolve("data/archiver.db"))) {
        Job job = db.jobs().list(Optional.empty(), 1).getFirst();
        assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
        List<EventType> events = db.events().forJob(job.id()).stream().map(JobEvent::type).toList();
        assertThat(events)
            .contains(EventType.JOB_COMPLETED)
            .doesNotContain(EventType.JOB_RECOVERED_STALE, EventType.TRANSITION_LOST);
      }
      assertThat(media.requestsFor("/slow.mp4").stream().filter(r -> r.method().equals("GET")))
          .as("one download, never restarted")
          .hasSize(1);
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
