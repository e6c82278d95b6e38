package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.storage.Database;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The real jar against a fake Bot API: the original as a document (by /file and by the button
 * beside the qualities), a repeat from Telegram's copy, an original over the limit refused with the
 * ways that fit, and a video asked of a link with sound only offered as audio.
 */
class AsFileIT {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
  private static final long USER = 5001;
  private static final long OTHER = 5002;
  private static final Duration WAIT = Duration.ofSeconds(90);

  @TempDir Path dir;
  private FakeBotApi telegram;
  private LocalMediaServer media;
  private Process bot;

  private void startBot(String limits) throws Exception {
    telegram = FakeBotApi.start(TOKEN);
    media = LocalMediaServer.start();
    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram: { api_base_url: '"
            + telegram.baseUrl()
            + "' }\n"
            + "security: { allow_private_addresses: true, allow_http: true }\n"
            + limits);
    bot =
        new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN))
            .start(dir.resolve("bot.log"), "run");
  }

  @AfterEach
  void stop() throws Exception {
    if (bot != null) {
      bot.destroy();
      assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
      assertThat(Files.readString(dir.resolve("bot.log"))).doesNotContain(TOKEN);
    }
    if (telegram != null) {
      telegram.close();
    }
    if (media != null) {
      media.close();
    }
  }

  /** Reads the bot's database from this process, as `./archiver jobs` would beside the bot. */
  private <T> T db(Function<Database, T> read) {
    Path file = dir.resolve("data/archiver.db");
    if (!Files.exists(file)) {
      return null;
    }
    try (Database db = Database.open(file)) {
      return read.apply(db);
    }
  }

  private Job awaitJobsEnded(int count) {
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(
            () -> {
              List<Job> jobs =
                  Optional.ofNullable(db(d -> d.jobs().list(Optional.empty(), 10)))
                      .orElse(List.of());
              return jobs.size() >= count && jobs.stream().allMatch(j -> j.status().isTerminal());
            });
    return db(d -> d.jobs().list(Optional.empty(), 1).getFirst());
  }

  private long gets(String path) {
    return media.requestsFor(path).stream().filter(r -> r.method().equals("GET")).count();
  }

  /** The callback data of every button the bot's messages in the chat show now. */
  private List<Button> buttonsIn(long chat) {
    List<Button> found = new ArrayList<>();
    for (JsonNode m : telegram.messagesIn(chat)) {
      for (JsonNode row : m.path("reply_markup").path("inline_keyboard")) {
        for (JsonNode b : row) {
          found.add(
              new Button(
                  m.path("message_id").asInt(),
                  b.path("text").asText(),
                  b.path("callback_data").asText()));
        }
      }
    }
    return found;
  }

  private record Button(int messageId, String text, String data) {}

  private Button awaitButton(long chat, String dataPart) {
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> buttonsIn(chat).stream().anyMatch(b -> b.data().contains(dataPart)));
    return buttonsIn(chat).stream()
        .filter(b -> b.data().contains(dataPart))
        .findFirst()
        .orElseThrow();
  }

  private List<String> textsIn(long chat) {
    return telegram.messagesIn(chat).stream()
        .map(m -> m.path("text").asText())
        .filter(t -> !t.isEmpty())
        .toList();
  }

  @Test
  void theOriginalArrivesAsADocumentWithItsOwnBytesAndARepeatComesFromTelegramsCopy()
      throws Exception {
    startBot("");
    // VP9/Opus: as a video it would be converted to H.264; as a file it stays what the site has.
    Path original =
        TestMedia.vp9OpusWebm(Files.createDirectories(dir.resolve("clips")), 2, 320, 240);
    byte[] bytes = Files.readAllBytes(original);
    media.respond("/talk.webm", new LocalMediaServer.Media(bytes, "video/webm"));
    String link = media.baseUrl() + "/talk.webm";

    telegram.userSendsText(USER, USER, "/file " + link, "en");
    Job job = awaitJobsEnded(1);

    assertThat(job.status())
        .as("%s: %s", job.errorType(), job.errorMessage())
        .isEqualTo(JobStatus.COMPLETED);
    assertThat(job.jobType()).isEqualTo(JobType.FILE);
    FakeBotApiCall sent = telegram.awaitCall("sendDocument", WAIT);
    assertThat(sent.chatId()).isEqualTo(USER);
    assertThat(sent.upload("document").bytes())
        .as("the original's bytes, not a conversion")
        .isEqualTo(bytes);
    assertThat(sent.upload("document").fileName()).isEqualTo("talk.webm");
    assertThat(telegram.calls("sendVideo")).isEmpty();
    List<EventType> timeline =
        db(d -> d.events().forJob(job.id())).stream().map(e -> e.type()).toList();
    assertThat(timeline).contains(EventType.OUTPUT_VALIDATED, EventType.TELEGRAM_SEND_FINISHED);

    telegram.userSendsText(OTHER, OTHER, "/file " + link, "en");
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> telegram.messagesIn(OTHER).stream().anyMatch(m -> m.has("document")));

    List<FakeBotApiCall> documents = telegram.calls("sendDocument");
    assertThat(documents).hasSize(2);
    assertThat(documents.get(1).uploads()).as("Telegram's copy, by file_id").isEmpty();
    assertThat(gets("/talk.webm")).as("no second download").isEqualTo(1);
  }

  @Test
  void theButtonBesideTheQualitiesAsksForTheOriginal() throws Exception {
    startBot("");
    Path clip = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("clips")), 2, 320, 240);
    byte[] bytes = Files.readAllBytes(clip);
    media.respond("/lesson.mp4", new LocalMediaServer.Media(bytes, "video/mp4"));

    telegram.userSendsText(USER, USER, media.baseUrl() + "/lesson.mp4", "en");
    Button video = awaitButton(USER, ":V");
    telegram.userPressesButton(USER, USER, video.messageId(), video.data());
    Button asFile = awaitButton(USER, ":file");
    assertThat(asFile.text()).isEqualTo("Original file (as a document)");
    telegram.userPressesButton(USER, USER, asFile.messageId(), asFile.data());

    FakeBotApiCall sent = telegram.awaitCall("sendDocument", WAIT);
    assertThat(sent.upload("document").bytes()).isEqualTo(bytes);
    assertThat(awaitJobsEnded(1).status()).isEqualTo(JobStatus.COMPLETED);
  }

  @Test
  void anOriginalOverTheLimitIsRefusedWithTheWaysThatFitAndSoundOnlyAskedAsVideoIsOfferedAsAudio()
      throws Exception {
    startBot("limits: { max_file_size_bytes: 1048576 }\n");
    Path clips = Files.createDirectories(dir.resolve("clips"));
    Path big = TestMedia.largeH264AacMp4(clips, 3L * 1024 * 1024);
    media.respond("/big.mp4", new LocalMediaServer.LargeFile(big, "video/mp4"));

    telegram.userSendsText(USER, USER, "/file " + media.baseUrl() + "/big.mp4", "en");
    Job tooLarge = awaitJobsEnded(1);

    assertThat(tooLarge.status()).isEqualTo(JobStatus.FAILED);
    assertThat(tooLarge.errorType()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(gets("/big.mp4")).as("refused before the download").isZero();
    String size = archiver.bot.Messages.formatBytes(Files.size(big));
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> textsIn(USER).stream().anyMatch(t -> t.startsWith("As a file this is")));
    assertThat(textsIn(USER))
        .anyMatch(
            t ->
                t.equals(
                    "As a file this is "
                        + size
                        + ", over Telegram's 1 MB limit, and I send the original only as it is."
                        + " /video sends it in parts that each play; /audio sends the sound in one file."));
    assertThat(
            db(d -> d.events().forJob(tooLarge.id())).stream()
                .filter(e -> e.type() == EventType.CAPABILITY_CHECK_FAILED))
        .singleElement()
        .satisfies(e -> assertThat(e.data()).contains("\"advice\":\"file_too_large\""));

    Path lecture = TestMedia.mp3(clips, 3);
    media.respond(
        "/lecture.mp3", new LocalMediaServer.Media(Files.readAllBytes(lecture), "audio/mpeg"));
    telegram.userSendsText(OTHER, OTHER, "/video " + media.baseUrl() + "/lecture.mp3", "en");
    Button audio = awaitButton(OTHER, ":AUDIO");
    assertThat(audio.text()).isEqualTo("Send the audio");
    assertThat(textsIn(OTHER))
        .contains("This link has sound only, no video. Tap below to get it as audio.");

    telegram.userPressesButton(OTHER, OTHER, audio.messageId(), audio.data());

    FakeBotApiCall sent = telegram.awaitCall("sendAudio", WAIT);
    assertThat(sent.chatId()).isEqualTo(OTHER);
    Job asAudio = awaitJobsEnded(3);
    assertThat(asAudio.jobType()).isEqualTo(JobType.AUDIO);
    assertThat(asAudio.status()).isEqualTo(JobStatus.COMPLETED);
  }
}
