package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import archiver.domain.JobStatus;
import archiver.logging.DebugTargets;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole bot end to end: the real TelegramBots client against a fake Bot API server, the real
 * core and pipeline, real yt-dlp/ffmpeg on media served from 127.0.0.1.
 */
class BotIT {

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
    media.serve("/talk.mp3", TestMedia.mp3(clips, 3), "audio/mpeg");
  }

  private void startBot(String extraYaml) throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram:\n  api_base_url: "
            + telegram.baseUrl()
            + "\n  admin_user_ids: ["
            + ADMIN
            + "]\n"
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
    telegram.close();
    media.close();
  }

  private String url(String path) {
    return media.baseUrl() + path;
  }

  private static List<String> ffprobe(Path file) throws Exception {
    Process p =
        new ProcessBuilder(
                TestMedia.ffprobePath(),
                "-v",
                "error",
                "-show_entries",
                "stream=codec_name:format=format_name,duration",
                "-of",
                "default=nw=1",
                file.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    p.waitFor();
    return lines;
  }

  @Test
  void videoCommandOnVp9WebmEndsInAStreamableH264VideoWithThumbnail() throws Exception {
    startBot("");
    telegram.userSendsText(USER, USER, "/video " + url("/clip.webm"), "en");

    FakeBotApiCall video = telegram.awaitCall("sendVideo", WAIT);

    assertThat(video.hasUpload("video")).isTrue();
    assertThat(video.hasUpload("thumbnail")).isTrue();
    assertThat(video.requiredParam("width")).isEqualTo("320");
    assertThat(video.requiredParam("height")).isEqualTo("240");
    assertThat(video.requiredParam("duration")).isEqualTo("3");
    assertThat(video.requiredParam("supports_streaming")).isEqualTo("true");
    assertThat(video.requiredParam("caption")).contains("clip").contains(url("/clip.webm"));
    Path uploaded = video.upload("video").path();
    assertThat(ffprobe(uploaded))
        .contains("codec_name=h264", "codec_name=aac")
        .anyMatch(l -> l.startsWith("format_name=mov,mp4"));
    assertThat(ffprobe(uploaded)).anyMatch(l -> l.startsWith("duration=3.0"));
    assertThat(isFaststart(uploaded)).isTrue();

    // The status message is never edited twice within 3 s; a job this quick ends before the first
    // edit is due, and the upload does not wait for one (the media follows the conversion at once).
    List<FakeBotApiCall> edits = telegram.calls("editMessageText");
    for (int i = 1; i < edits.size(); i++) {
      Duration gap = Duration.between(edits.get(i - 1).receivedAt(), edits.get(i).receivedAt());
      assertThat(gap).isGreaterThanOrEqualTo(Duration.ofMillis(2900));
    }
    List<String> texts = new ArrayList<>();
    telegram.calls("sendMessage").forEach(c -> texts.add(c.requiredParam("text")));
    edits.forEach(c -> texts.add(c.requiredParam("text")));
    // A worker was free: the first message says the job is starting, not "Queued (position 1)".
    assertThat(telegram.calls("sendMessage").getFirst().requiredParam("text"))
        .isEqualTo("Fetching information\u2026");
    assertThat(texts).noneMatch(t -> t.startsWith("Queued"));
    telegram.awaitCall("deleteMessage", WAIT);
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> app.database().jobs().list(Optional.of(JobStatus.COMPLETED), 5).size() == 1);

    // A second user asking for the same link gets Telegram's stored file: no download, no upload.
    int requestsBefore = media.requestsFor("/clip.webm").size();
    telegram.userSendsText(OTHER_USER, OTHER_USER, "/video " + url("/clip.webm"), "en");
    FakeBotApiCall again = telegram.awaitCall("sendVideo", c -> c.chatId() == OTHER_USER, WAIT);
    assertThat(again.hasUpload("video")).isFalse();
    assertThat(again.requiredParam("video"))
        .isEqualTo(video.result().path("video").path("file_id").asText());
    assertThat(media.requestsFor("/clip.webm")).hasSize(requestsBefore);
  }

  private static boolean isFaststart(Path mp4) throws Exception {
    byte[] head = Files.readAllBytes(mp4);
    String text =
        new String(
            head, 0, Math.min(head.length, 4096), java.nio.charset.StandardCharsets.ISO_8859_1);
    int moov = text.indexOf("moov");
    int mdat = text.indexOf("mdat");
    return moov >= 0 && (mdat < 0 || moov < mdat);
  }

  @Test
  void aBareLinkThatWillBeRefusedIsRefusedInTheFirstReplyWithoutButtons() throws Exception {
    startBot("");
    telegram.userSendsText(USER, USER, "https://www.example.com/lectures/page.html", "en");

    FakeBotApiCall refused =
        telegram.awaitCall(
            "sendMessage", c -> c.requiredParam("text").contains("site is not supported"), WAIT);
    assertThat(refused.param("reply_markup")).as("no type question first").isEmpty();

    telegram.userSendsText(USER, USER, url("/clip.webm"), "en");
    telegram.awaitCall(
        "sendMessage", c -> c.requiredParam("text").contains("What would you like"), WAIT);
    assertThat(
            telegram.calls("sendMessage").stream()
                .filter(c -> c.requiredParam("text").contains("What would you like")))
        .as("only the good link is asked about")
        .hasSize(1);
    assertThat(app.database().jobs().list(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void bareLinkThenAudioButtonEndsInTaggedAudioWithCover() throws Exception {
    startBot("");
    telegram.userSendsText(USER, USER, url("/clip.webm"), "en");
    FakeBotApiCall question =
        telegram.awaitCall(
            "sendMessage", c -> c.requiredParam("text").contains("What would you like"), WAIT);
    telegram.userPressesButton(
        USER,
        USER,
        question.resultMessageId(),
        question
            .jsonParam("reply_markup")
            .path("inline_keyboard")
            .get(0)
            .get(1)
            .path("callback_data")
            .asText());
    FakeBotApiCall qualities =
        telegram.awaitCall(
            "editMessageText", c -> c.requiredParam("text").contains("quality"), WAIT);
    String audio128 =
        qualities
            .jsonParam("reply_markup")
            .path("inline_keyboard")
            .get(0)
            .get(1)
            .path("callback_data")
            .asText();
    telegram.userPressesButton(USER, USER, question.resultMessageId(), audio128);

    FakeBotApiCall audio = telegram.awaitCall("sendAudio", WAIT);

    assertThat(audio.hasUpload("audio")).isTrue();
    assertThat(audio.hasUpload("thumbnail")).as("cover").isTrue();
    assertThat(audio.requiredParam("title")).isEqualTo("clip");
    assertThat(audio.requiredParam("duration")).isEqualTo("3");
    List<String> probe = ffprobe(audio.upload("audio").path());
    assertThat(probe).contains("codec_name=aac", "codec_name=mjpeg");
  }

  @Test
  void theCommandMenuIsSetInEveryLanguageAndHelpListsTheAdminCommandsToAdminsOnly()
      throws Exception {
    startBot("");
    archiver.bot.Messages messages = archiver.bot.Messages.load();
    java.util.function.Function<FakeBotApiCall, List<String>> names =
        call -> {
          List<String> found = new ArrayList<>();
          call.jsonParam("commands").forEach(c -> found.add(c.path("command").asText()));
          return found;
        };

    List<FakeBotApiCall> menus = telegram.calls("setMyCommands");
    assertThat(menus).allSatisfy(c -> assertThat(c.succeeded()).isTrue());
    for (String language : List.of("", "en", "ar")) {
      FakeBotApiCall everyone =
          menus.stream()
              .filter(c -> c.jsonParam("scope").path("type").asText().equals("default"))
              .filter(c -> c.param("language_code").orElse("").equals(language))
              .findFirst()
              .orElseThrow();
      assertThat(names.apply(everyone))
          .containsExactly("video", "audio", "file", "settings", "lang", "help");
      FakeBotApiCall admin =
          menus.stream()
              .filter(c -> c.jsonParam("scope").path("type").asText().equals("chat"))
              .filter(c -> c.jsonParam("scope").path("chat_id").asLong() == ADMIN)
              .filter(c -> c.param("language_code").orElse("").equals(language))
              .findFirst()
              .orElseThrow();
      assertThat(names.apply(admin))
          .startsWith("video", "audio", "file", "settings", "lang", "help")
          .contains("health", "queue", "job", "cancel", "uncache");
    }
    assertThat(
            menus.stream()
                .filter(c -> c.param("language_code").orElse("").equals("ar"))
                .findFirst()
                .orElseThrow()
                .jsonParam("commands")
                .get(0)
                .path("description")
                .asText())
        .isEqualTo(messages.text(archiver.bot.Messages.Language.AR, "command.video"));

    telegram.userSendsText(USER, USER, "/help", "en");
    telegram.userSendsText(ADMIN, ADMIN, "/help", "en");
    FakeBotApiCall userHelp = telegram.awaitCall("sendMessage", c -> c.chatId() == USER, WAIT);
    FakeBotApiCall adminHelp = telegram.awaitCall("sendMessage", c -> c.chatId() == ADMIN, WAIT);
    assertThat(userHelp.requiredParam("text"))
        .contains("/video LINK", "/settings", "/ping")
        .doesNotContain("/health");
    assertThat(adminHelp.requiredParam("text")).contains("/video LINK", "/health", "/uncache LINK");
  }

  @Test
  void floodLimitIsWaitedOutAndTheMessageStillArrives() throws Exception {
    startBot("");
    telegram.failNextWithRetryAfter("sendMessage", 1, 2);
    telegram.userSendsText(USER, USER, "/ping", "en");

    FakeBotApiCall pong = telegram.awaitCall("sendMessage", FakeBotApiCall::succeeded, WAIT);

    List<FakeBotApiCall> sends = telegram.calls("sendMessage");
    assertThat(sends).hasSizeGreaterThanOrEqualTo(2);
    assertThat(Duration.between(sends.get(0).receivedAt(), pong.receivedAt()))
        .isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    assertThat(pong.requiredParam("text")).contains("Pong");
  }

  @Test
  @DisplayName("/auth and /health call a profile whose cookie file is missing skipped, not active")
  void aProfileWithoutItsCookieFileIsShownAsSkippedInBothLanguages() throws Exception {
    Path missing = dir.resolve("yt_main.txt");
    Path present = Files.writeString(dir.resolve("yt_guest.txt"), "# Netscape HTTP Cookie File\n");
    startBot(
        "auth_profiles:\n"
            + "  - { id: yt_main, source: YOUTUBE, cookie_file: '"
            + missing
            + "', fallbacks: [yt_guest] }\n"
            + "  - { id: yt_guest, source: YOUTUBE, cookie_file: '"
            + present
            + "' }\n");

    telegram.userSendsText(ADMIN, ADMIN, "/auth", "en");
    String auth =
        telegram
            .awaitCall(
                "sendMessage",
                c -> c.chatId() == ADMIN && c.requiredParam("text").contains("yt_main"),
                WAIT)
            .requiredParam("text");
    telegram.userSendsText(ADMIN, ADMIN, "/health", "en");
    String health =
        telegram
            .awaitCall(
                "sendMessage",
                c -> c.chatId() == ADMIN && c.requiredParam("text").contains("Bot health"),
                WAIT)
            .requiredParam("text");
    telegram.userSendsText(ADMIN, ADMIN, "/auth", "ar");
    String arabic =
        telegram
            .awaitCall(
                "sendMessage",
                c -> c.chatId() == ADMIN && c.requiredParam("text").contains("ملف الكوكيز"),
                WAIT)
            .requiredParam("text");

    assertThat(auth)
        .contains(
            "Profile yt_main (YOUTUBE): cookie file "
                + missing
                + " is missing or unreadable — profile skipped")
        .contains("Profile yt_guest (YOUTUBE): active");
    assertThat(health)
        .contains("yt_main cookie file " + missing + " is missing or unreadable — profile skipped")
        .contains("yt_guest active");
    // Arabic messages isolate their arguments (U+2068 ... U+2069) from the right-to-left text.
    assertThat(arabic).contains("ملف الكوكيز \u2068" + missing + "\u2069 غير موجود");
  }

  @Test
  void adminCommandsAreForAdminsAndShowRealData() throws Exception {
    startBot("");
    telegram.userSendsText(USER, USER, "/health", "en");
    FakeBotApiCall refused = telegram.awaitCall("sendMessage", c -> c.chatId() == USER, WAIT);
    assertThat(refused.requiredParam("text")).contains("only for the bot's admins");

    telegram.userSendsText(USER, USER, "/audio " + url("/talk.mp3"), "en");
    telegram.awaitCall("sendAudio", WAIT);
    long jobId = app.database().jobs().list(Optional.empty(), 1).getFirst().id();
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                app.database().jobs().findById(jobId).orElseThrow().status()
                    == JobStatus.COMPLETED);

    telegram.userSendsText(ADMIN, ADMIN, "/health", "en");
    FakeBotApiCall health =
        telegram.awaitCall(
            "sendMessage",
            c -> c.chatId() == ADMIN && c.requiredParam("text").contains("Bot health"),
            WAIT);
    assertThat(health.requiredParam("text")).contains("completed 1").contains("yt-dlp");
    telegram.userSendsText(ADMIN, ADMIN, "/queue", "en");
    telegram.awaitCall(
        "sendMessage",
        c -> c.chatId() == ADMIN && c.requiredParam("text").contains("queue is empty"),
        WAIT);
    telegram.userSendsText(ADMIN, ADMIN, "/job " + jobId, "en");
    FakeBotApiCall job =
        telegram.awaitCall(
            "sendMessage",
            c -> c.chatId() == ADMIN && c.requiredParam("text").contains("Job #" + jobId),
            WAIT);
    assertThat(job.requiredParam("text")).contains("completed").contains("JOB_COMPLETED");

    // Debian's yt-dlp cannot update itself: the admin is told how to update it instead.
    telegram.userSendsText(ADMIN, ADMIN, "/update_ytdlp", "en");
    FakeBotApiCall update =
        telegram.awaitCall(
            "sendMessage",
            c -> c.chatId() == ADMIN && c.requiredParam("text").startsWith("yt-dlp"),
            WAIT);
    assertThat(update.requiredParam("text"))
        .containsAnyOf("could not update itself", "yt-dlp says");
  }

  @Test
  void arabicSpeakerGetsArabicForEveryKindOfMessage() throws Exception {
    startBot("");
    media.respond("/gone.mp4", new LocalMediaServer.Status(404, "gone"));
    java.util.regex.Pattern arabic = java.util.regex.Pattern.compile("[\\u0600-\\u06FF]{3,}");
    telegram.userSendsText(USER, USER, "/start", "ar");
    telegram.userSendsText(USER, USER, "/help", "ar");
    telegram.userSendsText(USER, USER, "https://unknown-site.example/page", "ar");
    telegram.userSendsText(USER, USER, "/settings", "ar");
    telegram.userSendsText(USER, USER, url("/talk.mp3"), "ar");
    telegram.awaitCalls("sendMessage", 5, WAIT);
    telegram.userSendsText(USER, USER, "/video " + url("/gone.mp4"), "ar");
    String httpError =
        archiver.bot.Messages.load().text(archiver.bot.Messages.Language.AR, "error.HTTP_ERROR");
    telegram.awaitCall("sendMessage", c -> c.requiredParam("text").equals(httpError), WAIT);
    telegram.userSendsText(USER, USER, "/video " + url("/clip.webm"), "ar");
    FakeBotApiCall video = telegram.awaitCall("sendVideo", WAIT);
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                app.database().jobs().list(Optional.empty(), 5).stream()
                    .allMatch(j -> j.status().isTerminal()));

    assertThat(video.requiredParam("caption")).containsPattern(arabic);
    List<String> texts = new ArrayList<>();
    telegram.calls("sendMessage").forEach(c -> texts.add(c.requiredParam("text")));
    telegram.calls("editMessageText").forEach(c -> texts.add(c.requiredParam("text")));
    assertThat(texts).hasSizeGreaterThanOrEqualTo(8);
    assertThat(texts).allSatisfy(t -> assertThat(t).containsPattern(arabic));
    // Buttons too: the video/audio question and the settings keyboard.
    telegram.calls("sendMessage").stream()
        .filter(c -> c.param("reply_markup").isPresent())
        .forEach(
            c ->
                c.jsonParam("reply_markup")
                    .path("inline_keyboard")
                    .forEach(
                        row ->
                            row.forEach(
                                b ->
                                    assertThat(b.path("text").asText())
                                        .as("button")
                                        .matches(
                                            t ->
                                                arabic.matcher(t).find()
                                                    || t.matches("[0-9p ]+")))));
  }

  @Test
  void userOutsideTheAllowListIsRefusedAndNoJobIsCreated() throws Exception {
    startBot("  allowed_user_ids: [" + USER + "]\n");
    telegram.userSendsText(OTHER_USER, OTHER_USER, "/video " + url("/clip.webm"), "en");
    FakeBotApiCall refused = telegram.awaitCall("sendMessage", c -> c.chatId() == OTHER_USER, WAIT);
    assertThat(refused.requiredParam("text")).contains("private");
    assertThat(app.database().jobs().list(Optional.empty(), 10)).isEmpty();
  }

  @Test
  void inGroupsTheBotAnswersOnlyMentionsRepliesAndCommands() throws Exception {
    startBot("");
    long group = -100_777;
    telegram.userSendsInGroup(USER, group, "look at this " + url("/talk.mp3"), "en");
    telegram.userSendsInGroup(
        USER, group, "@" + telegram.botUsername() + " " + url("/clip.webm"), "en");
    FakeBotApiCall keyboard =
        telegram.awaitCall(
            "sendMessage",
            c -> c.chatId() == group && c.requiredParam("text").contains("What would you like"),
            WAIT);
    assertThat(keyboard.requiredParam("text")).contains("/clip.webm");
    telegram.userSendsInGroup(USER, group, "/ping", "en");
    telegram.awaitCall(
        "sendMessage", c -> c.chatId() == group && c.requiredParam("text").contains("Pong"), WAIT);

    assertThat(
            telegram.calls("sendMessage").stream()
                .filter(
                    c ->
                        c.chatId() == group
                            && c.requiredParam("text").contains("What would you like")))
        .hasSize(1);
  }

  @Test
  void anAdminsCancelOfAJobWaitingForARetryTellsTheUserSoAndAnUnknownJobIsNamedAsSuch()
      throws Exception {
    startBot("retries: { max_retries: 3, backoff_seconds: [600] }\n");
    media.respond("/busy.mp3", new LocalMediaServer.TooManyRequests(1));
    telegram.userSendsText(USER, USER, "/audio " + url("/busy.mp3"), "en");
    FakeBotApiCall queued =
        telegram.awaitCall(
            "sendMessage",
            c -> c.chatId() == USER && c.requiredParam("text").startsWith("Fetching"),
            WAIT);
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> app.database().jobs().list(Optional.empty(), 1).getFirst().retryCount() == 1);
    long jobId = app.database().jobs().list(Optional.empty(), 1).getFirst().id();
    assertThat(app.database().jobs().findById(jobId).orElseThrow().status())
        .isEqualTo(JobStatus.PENDING);

    telegram.userSendsText(ADMIN, ADMIN, "/cancel " + jobId, "en");
    telegram.awaitCall(
        "sendMessage",
        c -> c.chatId() == ADMIN && c.requiredParam("text").contains("was cancelled"),
        WAIT);

    // The user's status message no longer says it will try again: it says who stopped it.
    org.awaitility.Awaitility.await()
        .atMost(Duration.ofSeconds(15))
        .until(
            () ->
                telegram
                    .message(USER, queued.resultMessageId())
                    .map(m -> m.path("text").asText())
                    .orElse("")
                    .contains("An administrator of this bot cancelled this download"));
    assertThat(telegram.message(USER, queued.resultMessageId()).orElseThrow().has("reply_markup"))
        .as("no Cancel button left")
        .isFalse();

    telegram.userSendsText(ADMIN, ADMIN, "/cancel 999999", "en");
    telegram.awaitCall(
        "sendMessage",
        c -> c.chatId() == ADMIN && c.requiredParam("text").contains("There is no job #999999"),
        WAIT);
  }

  @Test
  void withEveryWorkerBusyTheNextJobSaysItIsQueuedAndWhere() throws Exception {
    startBot("limits: { max_parallel_jobs: 1 }\n");
    byte[] clip = Files.readAllBytes(TestMedia.mp3(dir.resolve("clips"), 3));
    media.respond(
        "/slow.mp3", new LocalMediaServer.Drip(clip, "audio/mpeg", 1024, Duration.ofMillis(100)));
    telegram.userSendsText(USER, USER, "/audio " + url("/slow.mp3"), "en");
    telegram.awaitCall(
        "sendMessage",
        c -> c.chatId() == USER && c.requiredParam("text").equals("Fetching information\u2026"),
        WAIT);
    org.awaitility.Awaitility.await()
        .atMost(WAIT)
        .until(() -> app.database().jobs().countByStatus().get(JobStatus.RUNNING) == 1);

    telegram.userSendsText(OTHER_USER, OTHER_USER, "/audio " + url("/talk.mp3"), "en");

    FakeBotApiCall second = telegram.awaitCall("sendMessage", c -> c.chatId() == OTHER_USER, WAIT);
    assertThat(second.requiredParam("text")).isEqualTo("Queued (position 1).");
    telegram.awaitCall("sendAudio", c -> c.chatId() == OTHER_USER, WAIT);
  }

  @Test
  void whenAMessageCarriesSeveralLinksEachReplyNamesItsLink() throws Exception {
    startBot("");
    String page = "https://www.example.com/lectures/page.html";
    telegram.userSendsText(USER, USER, "/audio " + url("/talk.mp3") + " " + page, "en");

    FakeBotApiCall refused =
        telegram.awaitCall(
            "sendMessage",
            c -> c.chatId() == USER && c.requiredParam("text").contains("page.html"),
            WAIT);
    assertThat(refused.requiredParam("text"))
        .startsWith("example.com/lectures/page.html\n")
        .contains("site is not supported");
    String talk = url("/talk.mp3").replaceFirst("^http://", "");
    FakeBotApiCall status =
        telegram.awaitCall(
            "sendMessage",
            c -> c.chatId() == USER && c.requiredParam("text").startsWith(talk + "\n"),
            WAIT);
    assertThat(status.requiredParam("text")).isEqualTo(talk + "\nFetching information\u2026");
    telegram.awaitCall("sendAudio", WAIT);
    assertThat(telegram.calls("editMessageText"))
        .allMatch(c -> c.requiredParam("text").startsWith(talk + "\n"));
  }

  @Test
  void aSingleLinkMessageIsAnsweredWithoutALabel() throws Exception {
    startBot("");
    telegram.userSendsText(USER, USER, "/audio https://www.example.com/lectures/page.html", "en");

    FakeBotApiCall refused = telegram.awaitCall("sendMessage", c -> c.chatId() == USER, WAIT);
    assertThat(refused.requiredParam("text")).startsWith("This site is not supported");
  }
}
