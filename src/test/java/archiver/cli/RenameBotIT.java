package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.logging.DebugTargets;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /rename} end to end (docs/ARCHITECTURE.md, "Renaming"): the real bot against a fake Bot
 * API, a real download and conversion from 127.0.0.1, the archive on disk, and {@code ./archiver
 * job ID} reading the timeline beside the running bot.
 */
class RenameBotIT {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
  private static final long ADMIN = 1;
  private static final long USER = 1001;
  private static final long OTHER_USER = 1002;
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path dir;
  private FakeBotApi telegram;
  private LocalMediaServer media;
  private BotApp app;

  @BeforeEach
  void start() throws Exception {
    telegram = FakeBotApi.start(TOKEN);
    media = LocalMediaServer.start();
    Path clips = Files.createDirectories(dir.resolve("clips"));
    media.serve("/clip.webm", TestMedia.vp9OpusWebm(clips, 3, 320, 240), "video/webm");
    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram:\n  api_base_url: "
            + telegram.baseUrl()
            + "\n  admin_user_ids: ["
            + ADMIN
            + "]\n"
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
    telegram.close();
    media.close();
  }

  @Test
  void aRenameRepliedToTheDeliveredVideoRenamesTheArchivedFileAndTheTimelineAndNextCaptionShowIt()
      throws Exception {
    String link = media.baseUrl() + "/clip.webm";
    telegram.userSendsText(USER, USER, "/archive_on", "en");
    telegram.awaitCall(
        "sendMessage", c -> c.requiredParam("text").startsWith("Archive mode is on"), WAIT);
    telegram.userSendsText(USER, USER, "/video " + link, "en");
    FakeBotApiCall video = telegram.awaitCall("sendVideo", WAIT);
    Awaitility.await()
        .atMost(WAIT)
        .until(() -> app.database().jobs().list(Optional.of(JobStatus.COMPLETED), 5).size() == 1);
    Job archived = app.database().jobs().list(Optional.of(JobStatus.COMPLETED), 5).getFirst();
    assertThat(archived.archived()).isTrue();
    Path before = Path.of(archived.filePath());
    assertThat(before).startsWith(dir).exists();

    telegram.userRepliesText(
        USER, USER, video.resultMessageId(), "/rename Lecture: week 1/2", "en");

    FakeBotApiCall done =
        telegram.awaitCall(
            "sendMessage", c -> c.requiredParam("text").startsWith("Renamed to: "), WAIT);
    Job renamed = app.database().jobs().findById(archived.id()).orElseThrow();
    Path after = Path.of(renamed.filePath());
    assertThat(done.requiredParam("text")).isEqualTo("Renamed to: " + after.getFileName());
    assertThat(after.getFileName().toString()).startsWith("Lecture- week 1-2").endsWith(".mp4");
    assertThat(after.getParent()).isEqualTo(before.getParent());
    assertThat(after).exists();
    assertThat(before).doesNotExist();
    assertThat(renamed.finalTitle()).isEqualTo("Lecture: week 1/2");

    ArchiverJar.Run job = new ArchiverJar(dir, Map.of()).run("job", Long.toString(archived.id()));
    assertThat(job.exitCode()).as(job.all()).isZero();
    assertThat(job.stdout())
        .containsPattern("final_title: +Lecture: week 1/2")
        .containsPattern("JOB_RENAMED +\\{\"from\":\"[^\"]*\",\"to\":\"Lecture: week 1/2\"")
        .contains("\"new_path\":\"" + after + "\"")
        .contains("\"by\":\"user " + USER + "\"");

    // The next delivery of the job, from Telegram's copy, carries the new title.
    telegram.userSendsText(OTHER_USER, OTHER_USER, "/video " + link, "en");
    FakeBotApiCall again = telegram.awaitCall("sendVideo", c -> c.chatId() == OTHER_USER, WAIT);
    assertThat(again.hasUpload("video")).isFalse();
    assertThat(again.requiredParam("caption")).contains("Lecture: week 1/2");
  }

  @Test
  void aRenameInAChatWithoutArchiveModeIsRefusedInTheUsersLanguage() throws Exception {
    telegram.userSendsText(USER, USER, "/video " + media.baseUrl() + "/clip.webm", "ar");
    FakeBotApiCall video = telegram.awaitCall("sendVideo", WAIT);

    telegram.userRepliesText(USER, USER, video.resultMessageId(), "/rename عنوان", "ar");

    String expected =
        archiver.bot.Messages.load()
            .text(archiver.bot.Messages.Language.AR, "cmd.rename_refused.ARCHIVE_OFF");
    telegram.awaitCall("sendMessage", c -> c.requiredParam("text").equals(expected), WAIT);
    List<Job> jobs = app.database().jobs().list(Optional.empty(), 5);
    assertThat(jobs).singleElement().satisfies(j -> assertThat(j.archived()).isFalse());
  }
}
