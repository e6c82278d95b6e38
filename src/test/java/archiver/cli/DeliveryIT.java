package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.Requester;
import archiver.logging.DebugTargets;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The last mile against a fake Bot API that misbehaves as real ones do: a proxy's HTML 502, a
 * self-hosted server that answers a large upload only after it has stored it, and one link asked
 * for by a crowd while other work goes on.
 */
class DeliveryIT {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
  private static final long USER = 3001;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private FakeBotApi telegram;
  private LocalMediaServer media;
  private BotApp app;

  private void startBot(FakeBotApi.Options options, String extraYaml) throws Exception {
    telegram = FakeBotApi.start(TOKEN, options);
    media = LocalMediaServer.start();
    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram:\n  api_base_url: "
            + telegram.baseUrl()
            + "\n"
            + extraYaml
            + "security: { allow_private_addresses: true, allow_http: true }\n");
    AppConfig config =
        new ConfigLoader().load(Optional.of(dir.resolve("config.yaml")), Map.of(), dir).config();
    app = BotApp.start(config, TOKEN, dir, Clock.systemUTC(), new DebugTargets());
  }

  @AfterEach
  void stop() {
    if (app != null) {
      app.stop(Duration.ofSeconds(2));
    }
    if (telegram != null) {
      telegram.close();
    }
    if (media != null) {
      media.close();
    }
  }

  private Job onlyJob() {
    return app.database().jobs().list(Optional.empty(), 10).getFirst();
  }

  private List<EventType> events(long jobId) {
    return app.database().events().forJob(jobId).stream().map(JobEvent::type).toList();
  }

  private static long gets(LocalMediaServer server, String path) {
    return server.requestsFor(path).stream().filter(r -> r.method().equals("GET")).count();
  }

  @Test
  void aProxysHtml502OnTheUploadIsRetriedFromTheMadeFileAndBlamesTelegram() throws Exception {
    startBot(FakeBotApi.Options.defaults(), "retries: { max_retries: 3, backoff_seconds: [5] }\n");
    Path clip = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("clips")), 2, 320, 240);
    media.serve("/lecture.mp4", clip, "video/mp4");
    telegram.failNextWithHtml("sendVideo", 1, 502);

    telegram.userSendsText(USER, USER, "/video " + media.baseUrl() + "/lecture.mp4", "en");

    FakeBotApiCall delivered = telegram.awaitCall("sendVideo", FakeBotApiCall::succeeded, WAIT);
    assertThat(delivered.hasUpload("video")).isTrue();
    Awaitility.await().atMost(WAIT).until(() -> onlyJob().status() == JobStatus.COMPLETED);

    assertThat(telegram.calls("sendVideo")).hasSize(2);
    assertThat(telegram.messagesIn(USER).stream().filter(m -> m.has("video")))
        .as("one copy")
        .hasSize(1);
    assertThat(gets(media, "/lecture.mp4")).as("downloaded once").isEqualTo(1);
    long jobId = onlyJob().id();
    assertThat(events(jobId))
        .containsSubsequence(
            EventType.TELEGRAM_SEND_STARTED,
            EventType.TELEGRAM_SEND_FAILED,
            EventType.RETRY_SCHEDULED,
            EventType.OUTPUT_REUSED,
            EventType.TELEGRAM_SEND_STARTED,
            EventType.TELEGRAM_SEND_FINISHED,
            EventType.JOB_COMPLETED)
        .containsOnlyOnce(EventType.DOWNLOAD_STARTED);
    JobEvent failed =
        app.database().events().forJob(jobId).stream()
            .filter(e -> e.type() == EventType.TELEGRAM_SEND_FAILED)
            .findFirst()
            .orElseThrow();
    assertThat(failed.data())
        .contains("\"error_type\":\"TELEGRAM_ERROR\"")
        .contains("\"http_status\":502");

    // The user read that Telegram is not answering; nothing blamed the site.
    List<String> shown =
        telegram.calls().stream()
            .filter(c -> c.method().equals("editMessageText") || c.method().equals("sendMessage"))
            .map(c -> c.requiredParam("text"))
            .toList();
    assertThat(shown).anyMatch(t -> t.contains("Telegram is not answering"));
    assertThat(shown).noneMatch(t -> t.toLowerCase(java.util.Locale.ROOT).contains("the site"));
  }

  @Test
  void aSelfHostedBotApiThatAnswersA200MbUploadAfter30SecondsIsASuccess() throws Exception {
    startBot(
        FakeBotApi.Options.selfHosted(),
        "limits: { max_file_size_bytes: 314572800 }\ntimeouts: { upload_seconds: 120 }\n");
    Path big =
        TestMedia.largeH264AacMp4(
            Files.createDirectories(dir.resolve("clips")), 200L * 1024 * 1024);
    media.respond("/long-lecture.mp4", new LocalMediaServer.LargeFile(big, "video/mp4"));
    telegram.answerSlowly("sendVideo", Duration.ofSeconds(30));

    telegram.userSendsText(USER, USER, "/video " + media.baseUrl() + "/long-lecture.mp4", "en");

    Awaitility.await()
        .atMost(Duration.ofSeconds(240))
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> onlyJob().status().isTerminal());
    Job job = onlyJob();
    assertThat(job.status())
        .as("error %s: %s", job.errorType(), job.errorMessage())
        .isEqualTo(JobStatus.COMPLETED);
    List<FakeBotApiCall> sends = telegram.calls("sendVideo");
    assertThat(sends).hasSize(1);
    FakeBotApiCall upload = sends.getFirst();
    assertThat(upload.upload("video").size()).isGreaterThan(200L * 1024 * 1024);
    assertThat(Duration.between(upload.receivedAt(), upload.answeredAt()))
        .isGreaterThanOrEqualTo(Duration.ofSeconds(29));
    assertThat(events(job.id()))
        .doesNotContain(EventType.TELEGRAM_SEND_FAILED, EventType.RETRY_SCHEDULED)
        .containsOnlyOnce(EventType.TELEGRAM_SEND_FINISHED);
    assertThat(job.errorType()).isNull();
  }

  @Test
  void aCrowdAskingForAFinishedLinkIsServedFromOneUploadWhileAnotherJobRuns() throws Exception {
    startBot(FakeBotApi.Options.defaults(), "");
    Path clips = Files.createDirectories(dir.resolve("clips"));
    media.serve("/popular.mp4", TestMedia.h264AacMp4(clips, 2, 320, 240), "video/mp4");
    media.serve("/other.mp3", TestMedia.mp3(clips, 2), "audio/mpeg");
    String popular = media.baseUrl() + "/popular.mp4";
    telegram.userSendsText(USER, USER, "/video " + popular, "en");
    Awaitility.await().atMost(WAIT).until(() -> onlyJob().status() == JobStatus.COMPLETED);
    long popularJob = onlyJob().id();

    int crowd = 120;
    for (int i = 1; i <= crowd; i++) {
      telegram.userSendsText(20_000 + i, 20_000 + i, "/video " + popular, i % 2 == 0 ? "ar" : "en");
    }
    telegram.userSendsText(USER + 1, USER + 1, "/audio " + media.baseUrl() + "/other.mp3", "en");

    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                app.database().deliveries().requesters(popularJob).stream()
                        .filter(Requester::delivered)
                        .count()
                    == crowd + 1);
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> app.database().jobs().list(Optional.of(JobStatus.COMPLETED), 5).size() == 2);

    // One upload for the popular link (and one for the other job); every chat has exactly one copy.
    List<FakeBotApiCall> videos = telegram.calls("sendVideo");
    assertThat(videos.stream().filter(c -> c.hasUpload("video"))).hasSize(1);
    for (int i = 1; i <= crowd; i++) {
      long chat = 20_000 + i;
      assertThat(telegram.messagesIn(chat).stream().filter(m -> m.has("video")))
          .as("chat %d", chat)
          .hasSize(1);
    }
    assertThat(gets(media, "/popular.mp4")).isEqualTo(1);
    // Telegram's limit of about 30 messages a second in all was kept.
    List<Instant> times =
        videos.stream().map(FakeBotApiCall::receivedAt).sorted(Comparator.naturalOrder()).toList();
    for (int i = 30; i < times.size(); i++) {
      assertThat(Duration.between(times.get(i - 30), times.get(i)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(950));
    }
    // The other job was not held up behind the crowd: it was delivered before the crowd was done.
    FakeBotApiCall otherAudio = telegram.awaitCall("sendAudio", Duration.ofSeconds(5));
    assertThat(otherAudio.receivedAt()).isBefore(times.getLast());
    assertThat(
            app.database().events().forJob(popularJob).stream()
                .filter(e -> e.type() == EventType.TELEGRAM_SEND_FINISHED))
        .hasSize(crowd + 1);
  }
}
