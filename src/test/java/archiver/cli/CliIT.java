package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.events.EventRecorder;
import archiver.core.jobs.JobStateMachine;
import archiver.core.jobs.JobTransition;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.NewJob;
import archiver.domain.SourceType;
import archiver.storage.Database;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The real jar in its own process: doctor, bad configuration, and reading the job store. */
class CliIT {

  @TempDir Path dir;

  @Test
  void doctorOnThisMachinePrintsEveryToolVersionAndExitsZero() throws Exception {
    ArchiverJar.Run run = new ArchiverJar(dir, Map.of()).run("doctor");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.stdout())
        .containsPattern("OK +java +\\d+")
        .containsPattern("OK +yt-dlp +\\d{4}\\.\\d{2}\\.\\d{2}")
        .containsPattern("OK +ffmpeg +\\S+")
        .containsPattern("OK +ffprobe +\\S+")
        .containsPattern("OK +database .*schema version 11")
        .containsPattern("INFO +bot +not running on data/archiver.db")
        // Debian's yt-dlp here: the bot leaves it to apt.
        .containsPattern("INFO +yt-dlp auto-update +off: .*package manager or pip")
        .contains("doctor: 0 failure(s)");
    assertThat(dir.resolve("data/archiver.db")).exists();
  }

  @Test
  void givenMissingFfmpeg_whenDoctor_thenItNamesTheToolAndExitsNonZero() throws Exception {
    ArchiverJar.Run run =
        new ArchiverJar(dir, Map.of("ARCHIVER_TOOLS_FFMPEG", "/nonexistent")).run("doctor");

    assertThat(run.exitCode()).isNotZero();
    assertThat(run.stdout()).containsPattern("FAIL +ffmpeg +'/nonexistent'");
  }

  @Test
  void doctorChecksTheTokenWithGetMeAndReadsAnAnswerLaidOutDifferently() throws Exception {
    String token = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
    try (FakeBotApi telegram = FakeBotApi.start(token)) {
      Files.writeString(
          dir.resolve("config.yaml"), "telegram: { api_base_url: '" + telegram.baseUrl() + "' }\n");
      // Valid JSON that a text search for "ok":true would not have recognised.
      telegram.answerNextVerbatim(
          "getMe",
          1,
          200,
          "{\"result\": {\"username\": \"spaced_bot\", \"first_name\": \"Spaced\", \"is_bot\": true,"
              + " \"id\": 123456789}, \"ok\": true}");

      ArchiverJar.Run run = new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", token)).run("doctor");
      ArchiverJar.Run wrong =
          new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", "42:wrong-token")).run("doctor");

      assertThat(run.stdout())
          .as(run.all())
          .containsPattern(
              "OK +telegram +getMe answered: @spaced_bot via "
                  + java.util.regex.Pattern.quote(telegram.baseUrl()));
      assertThat(run.all()).doesNotContain(token);
      assertThat(wrong.exitCode()).isNotZero();
      assertThat(wrong.stdout())
          .containsPattern(
              "FAIL +telegram +Telegram refused the bot token \\(401 Unauthorized\\): check"
                  + " TELEGRAM_BOT_TOKEN");
      assertThat(wrong.all()).doesNotContain("42:wrong-token");
    }
  }

  @Test
  @DisplayName("Doctor and run say in one plain line why the Bot API cannot be reached")
  void doctorAndRunNameTheServerAndTheCauseInOnePlainLine() throws Exception {
    String token = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
    int closed;
    try (java.net.ServerSocket free = new java.net.ServerSocket()) {
      free.bind(new java.net.InetSocketAddress("127.0.0.1", 0));
      closed = free.getLocalPort();
    }
    String refused =
        "127.0.0.1:"
            + closed
            + " refused the connection; is telegram.api_base_url right and the Bot API server"
            + " running?";
    String dns =
        "cannot reach nonexistent.invalid: the name does not resolve (DNS); check the server's"
            + " network and DNS settings";
    Map<String, String> env = Map.of("TELEGRAM_BOT_TOKEN", token);

    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram: { api_base_url: 'http://127.0.0.1:" + closed + "' }\n");
    ArchiverJar.Run doctorRefused = new ArchiverJar(dir, env).run("doctor");
    ArchiverJar.Run runRefused = new ArchiverJar(dir, env).run("run");
    Files.writeString(
        dir.resolve("config.yaml"), "telegram: { api_base_url: 'http://nonexistent.invalid' }\n");
    ArchiverJar.Run doctorDns = new ArchiverJar(dir, env).run("doctor");
    ArchiverJar.Run runDns = new ArchiverJar(dir, env).run("run");

    assertThat(doctorRefused.stdout())
        .as(doctorRefused.all())
        .containsPattern("FAIL +telegram +" + java.util.regex.Pattern.quote(refused) + "\n");
    assertThat(doctorDns.stdout())
        .as(doctorDns.all())
        .containsPattern("FAIL +telegram +" + java.util.regex.Pattern.quote(dns) + "\n");
    assertCannotStart(runRefused, refused);
    assertCannotStart(runDns, dns);
    for (ArchiverJar.Run r : List.of(doctorRefused, runRefused, doctorDns, runDns)) {
      assertThat(r.all()).doesNotContain(token, "Exception", "\tat ");
    }
  }

  @Test
  @DisplayName("run with a token the Bot API refuses (404 for a malformed one) says so and exits 1")
  void runWithARefusedTokenSaysSoInOneLine() throws Exception {
    String token = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
    try (FakeBotApi telegram = FakeBotApi.start(token)) {
      Files.writeString(
          dir.resolve("config.yaml"), "telegram: { api_base_url: '" + telegram.baseUrl() + "' }\n");
      telegram.failNext(
          "getMe", 1, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");

      ArchiverJar.Run run = new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", token)).run("run");

      assertCannotStart(
          run, "Telegram refused the bot token (404 Not Found): check TELEGRAM_BOT_TOKEN");
      assertThat(run.all()).doesNotContain(token, "Exception", "\tat ");
    }
  }

  /** One line on stderr, the same as one ERROR line in the JSON log on stdout, and exit 1. */
  private static void assertCannotStart(ArchiverJar.Run run, String sentence) {
    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.stderr().lines().toList())
        .as(run.all())
        .containsExactly("archiver: cannot start: " + sentence);
    assertThat(run.stdout().lines().filter(l -> l.contains("\"ERROR\"")).toList())
        .singleElement()
        .asString()
        .contains("cannot start: " + sentence.replace("\"", "\\\""));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "limits: { max_parallel_jobs: -1 } | limits.max_parallel_jobs",
        "limits: { max_paralel_jobs: 2 }   | limits.max_paralel_jobs",
        "telegram: { colour: blue }        | telegram.colour",
      })
  void givenBadConfig_whenAnyCommand_thenOneLineNamesTheKeyAndExitIsNonZero(String yaml, String key)
      throws Exception {
    Files.writeString(dir.resolve("bad.yaml"), yaml + "\n");

    ArchiverJar.Run run = new ArchiverJar(dir, Map.of()).run("--config", "bad.yaml", "doctor");

    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr().strip().lines()).singleElement().asString().contains(key);
    assertThat(run.stdout()).isEmpty();
  }

  @Test
  @DisplayName(
      "A job's full life, then the database reopened by a new process: status and events are there")
  void jobLifeSurvivesIntoANewProcess() throws Exception {
    Path db = dir.resolve("store/archiver.db");
    Files.writeString(dir.resolve("config.yaml"), "paths: { database: store/archiver.db }\n");
    long id;
    Clock clock = Clock.systemUTC();
    Database database = Database.open(db);
    JobStateMachine machine =
        new JobStateMachine(database.jobs(), new EventRecorder(database.events(), clock), clock);
    id =
        database
            .jobs()
            .insert(
                new NewJob(
                    "https://youtu.be/dQw4w9WgXcQ",
                    "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
                    "dQw4w9WgXcQ",
                    SourceType.YOUTUBE,
                    JobType.AUDIO,
                    "audio_128",
                    "k1",
                    null,
                    5L,
                    6L),
                clock.instant(),
                "{\"url\":\"https://youtu.be/dQw4w9WgXcQ\"}")
            .id();
    machine.transition(
        id, new JobTransition.StatusOnly(JobStatus.PENDING, JobStatus.QUEUED, Map.of()));
    machine.transition(
        id, new JobTransition.StatusOnly(JobStatus.QUEUED, JobStatus.RUNNING, Map.of("worker", 1)));
    machine.transition(
        id, new JobTransition.StatusOnly(JobStatus.RUNNING, JobStatus.COMPLETED, Map.of()));

    ArchiverJar jar = new ArchiverJar(dir, Map.of());
    ArchiverJar.Run job = jar.run("job", Long.toString(id));
    ArchiverJar.Run jobs = jar.run("jobs", "--status", "COMPLETED");
    ArchiverJar.Run none = jar.run("jobs", "--status", "FAILED");
    ArchiverJar.Run missing = jar.run("job", "999");

    assertThat(job.exitCode()).as(job.all()).isZero();
    assertThat(job.stdout())
        .containsPattern("status: +COMPLETED")
        .containsPattern("job_type: +AUDIO")
        .contains("timeline (4 events):")
        .containsPattern("JOB_CREATED")
        .containsPattern("STATUS_CHANGED +\\{\"from\":\"PENDING\",\"to\":\"QUEUED\"\\}")
        .containsPattern(
            "STATUS_CHANGED +\\{\"from\":\"QUEUED\",\"to\":\"RUNNING\",\"worker\":1\\}")
        .containsPattern("STATUS_CHANGED +\\{\"from\":\"RUNNING\",\"to\":\"COMPLETED\"\\}");
    assertThat(jobs.stdout()).containsPattern(id + " +COMPLETED +AUDIO +YOUTUBE");
    assertThat(none.stdout()).contains("no jobs with status FAILED");
    assertThat(missing.exitCode()).isEqualTo(1);
    assertThat(missing.stderr()).contains("job 999: no such job");
  }

  @Test
  void givenNoToken_whenRun_thenItSaysWhatIsMissingAndExitsTwo() throws Exception {
    ArchiverJar.Run run = new ArchiverJar(dir, Map.of()).run("run");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("TELEGRAM_BOT_TOKEN is not set");
  }
}
