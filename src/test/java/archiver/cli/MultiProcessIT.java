package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.JobStatus;
import archiver.storage.Database;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestDatabases;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one PostgreSQL queue, as real jars (docs/ARCHITECTURE.md, "Processes and
 * leases"): one {@code run} polls the fake Bot API and works, two {@code worker}s only work, each
 * in its own folder (its own tmp root); local media on 127.0.0.1, real ffmpeg.
 */
class MultiProcessIT {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-multi";
  private static final int PARALLEL = 2;

  @TempDir Path dir;
  private String url;
  private Database db;
  private final List<Process> processes = new ArrayList<>();

  @BeforeEach
  void freshSchema() {
    url = TestDatabases.freshSchemaUrl();
    db = Database.openPostgres(url, null); // migrates the schema before the jars start
  }

  @AfterEach
  void stopEverything() throws InterruptedException {
    for (Process p : processes) {
      p.destroy();
    }
    for (Process p : processes) {
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        p.destroyForcibly();
      }
    }
    db.close();
  }

  private Process start(String name, String command, FakeBotApi telegram) throws Exception {
    Path home = Files.createDirectories(dir.resolve(name));
    Files.writeString(
        home.resolve("config.yaml"),
        "telegram: { api_base_url: '"
            + telegram.baseUrl()
            + "' }\n"
            + "security: { allow_private_addresses: true, allow_http: true }\n"
            + "storage: { backend: postgres, url: '"
            + url
            + "' }\n"
            + "limits: { max_parallel_jobs: "
            + PARALLEL
            + ", max_queue_length: 2000, max_active_jobs_per_user: 50,"
            + " max_jobs_per_user_per_hour: 1000, max_jobs_per_chat_per_hour: 1000 }\n");
    Process p =
        new ArchiverJar(home, Map.of("TELEGRAM_BOT_TOKEN", TOKEN))
            .start(home.resolve("out.log"), command);
    processes.add(p);
    return p;
  }

  private Map<JobStatus, Long> statuses() {
    return db.jobs().countByStatus();
  }

  /** Per job: when it went RUNNING and when it ended, and its owner, from the timelines. */
  private record Run(long jobId, String owner, long startedAt, long endedAt) {}

  private List<Run> runs() {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(
                        "SELECT j.id, j.owner, MIN(CASE WHEN e.data LIKE '%\"to\":\"RUNNING\"%'"
                            + " THEN e.created_at END) AS s,"
                            + " MAX(CASE WHEN e.data LIKE '%\"to\":\"COMPLETED\"%'"
                            + " THEN e.created_at END) AS c"
                            + " FROM jobs j JOIN job_events e ON e.job_id = j.id"
                            + " WHERE e.event_type = 'STATUS_CHANGED' GROUP BY j.id, j.owner")
                    .map(
                        (rs, ctx) ->
                            new Run(rs.getLong(1), rs.getString(2), rs.getLong(3), rs.getLong(4)))
                    .list());
  }

  private static int mostAtOnce(List<Run> runs) {
    List<long[]> edges = new ArrayList<>();
    for (Run r : runs) {
      edges.add(new long[] {r.startedAt(), 1});
      edges.add(new long[] {r.endedAt(), -1});
    }
    // An end and a start at the same millisecond: the end first (the place was given back).
    edges.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[1], b[1]));
    int now = 0;
    int most = 0;
    for (long[] e : edges) {
      now += (int) e[1];
      most = Math.max(most, now);
    }
    return most;
  }

  @Test
  void fiveHundredJobsThroughOneRunAndTwoWorkersEachCompleteOnce() throws Exception {
    int jobs = 500;
    Path clip = TestMedia.mp3(Files.createDirectories(dir.resolve("clips")), 1);
    byte[] bytes = Files.readAllBytes(clip);
    try (FakeBotApi telegram = FakeBotApi.start(TOKEN);
        LocalMediaServer media = LocalMediaServer.start()) {
      for (int i = 0; i < jobs; i++) {
        media.serve("/talk-" + i + ".mp3", bytes, "audio/mpeg");
      }
      start("run", "run", telegram);
      start("worker-1", "worker", telegram);
      start("worker-2", "worker", telegram);
      for (int i = 0; i < jobs; i++) {
        long chat = 10_000 + i;
        telegram.userSendsText(
            chat, chat, "/audio " + media.baseUrl() + "/talk-" + i + ".mp3", "en");
      }
      Awaitility.await()
          .atMost(Duration.ofMinutes(8))
          .pollInterval(Duration.ofSeconds(1))
          .until(() -> statuses().get(JobStatus.COMPLETED) == jobs);
      assertThat(statuses().get(JobStatus.FAILED)).isZero();

      List<Run> runs = runs();
      assertThat(runs).hasSize(jobs);
      assertThat(runs)
          .allSatisfy(r -> assertThat(r.endedAt()).isGreaterThanOrEqualTo(r.startedAt()));
      long twice =
          db.jdbi()
              .withHandle(
                  h ->
                      h.createQuery(
                              "SELECT COUNT(*) FROM (SELECT job_id FROM job_events"
                                  + " WHERE event_type = 'STATUS_CHANGED'"
                                  + " AND data LIKE '%\"to\":\"RUNNING\"%'"
                                  + " GROUP BY job_id HAVING COUNT(*) > 1) x")
                          .mapTo(Long.class)
                          .one());
      assertThat(twice).as("jobs that went RUNNING more than once").isZero();
      Map<String, List<Run>> byOwner = new HashMap<>();
      runs.forEach(r -> byOwner.computeIfAbsent(r.owner(), o -> new ArrayList<>()).add(r));
      // The run process may work too (it polls as well, so it often takes fewer).
      assertThat(byOwner.keySet())
          .as("both workers took jobs")
          .filteredOn(o -> o.startsWith("worker@"))
          .hasSize(2);
      byOwner.forEach(
          (owner, own) ->
              assertThat(mostAtOnce(own))
                  .as("jobs at once in %s", owner)
                  .isLessThanOrEqualTo(PARALLEL));
      // Every chat got its audio exactly once.
      for (int i = 0; i < jobs; i++) {
        long chat = 10_000 + i;
        assertThat(telegram.messagesIn(chat).stream().filter(m -> m.has("audio")).count())
            .as("chat %d", chat)
            .isEqualTo(1);
      }
    }
  }
}
