package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.Batch;
import archiver.domain.BatchItem;
import archiver.domain.JobStatus;
import archiver.storage.Database;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.StreamSupport;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A lecture series in one message, through the real jar, the real yt-dlp (which reads a podcast
 * feed served on 127.0.0.1 as a flat playlist) and a fake Bot API: the items arrive in playlist
 * order under one status message; one that fails fails alone; Cancel stops the rest; a second user
 * is answered from Telegram's copies; a playlist over the cap is offered as its first items.
 */
class PlaylistIT {

  private static final String TOKEN = "123456789:AAH-playlist-test-token-for-fake-api";
  private static final Duration WAIT = Duration.ofSeconds(120);
  private static final long USER = 8101;
  private static final long OTHER = 8102;

  @TempDir Path dir;
  private FakeBotApi telegram;
  private LocalMediaServer media;
  private Process bot;

  @BeforeEach
  void servers() {
    telegram = FakeBotApi.start(TOKEN);
    media = LocalMediaServer.start();
  }

  @AfterEach
  void stop() throws Exception {
    if (System.getenv("PLAYLIST_IT_DEBUG") != null) {
      System.err.println("MESSAGES " + telegram.messagesIn(USER));
      System.err.println(Files.readString(dir.resolve("bot.log")));
    }
    if (bot != null) {
      bot.destroy();
      bot.waitFor(30, TimeUnit.SECONDS);
    }
    telegram.close();
    media.close();
  }

  private void startBot(String extraYaml) throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "telegram: { api_base_url: '"
            + telegram.baseUrl()
            + "' }\n"
            // A feed is not a media file: its host must be one the operator named.
            + "security: { allow_private_addresses: true, allow_http: true,"
            + " extra_allowed_domains: ['127.0.0.1'] }\n"
            + extraYaml);
    bot =
        new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN))
            .start(dir.resolve("bot.log"), "run");
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

  /** A podcast feed of {@code n} lectures, /lecture-1.mp3 ... each a real MP3 unless told. */
  private String series(String path, int n, boolean withMedia) throws Exception {
    Path clips = Files.createDirectories(dir.resolve("clips"));
    StringBuilder rss =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>Tafsir series</title><link>"
                + media.baseUrl()
                + "</link>");
    for (int i = 1; i <= n; i++) {
      String item = "/lecture-" + i + ".mp3";
      rss.append("<item><title>Lecture ")
          .append(i)
          .append("</title><enclosure url=\"")
          .append(media.baseUrl())
          .append(item)
          .append("\" type=\"audio/mpeg\" length=\"1000\"/><guid>lecture-")
          .append(i)
          .append("</guid></item>");
      if (withMedia) {
        media.serve(item, TestMedia.mp3(clips, 1), "audio/mpeg");
      }
    }
    rss.append("</channel></rss>\n");
    media.serve(path, rss.toString().getBytes(StandardCharsets.UTF_8), "application/rss+xml");
    return media.baseUrl() + path;
  }

  /** Sends the link, waits for the playlist's question and returns its message. */
  private JsonNode question(long user, String link) {
    int before = telegram.messagesIn(user).size();
    telegram.userSendsText(user, user, link, "en");
    return Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () ->
                telegram.messagesIn(user).stream()
                    .skip(before)
                    .filter(m -> m.path("text").asText().startsWith("Playlist:"))
                    .filter(m -> !buttons(m).isEmpty())
                    .findFirst(),
            Optional::isPresent)
        .get();
  }

  private static List<String> buttons(JsonNode message) {
    List<String> data = new ArrayList<>();
    for (JsonNode row : message.path("reply_markup").path("inline_keyboard")) {
      for (JsonNode button : row) {
        data.add(button.path("callback_data").asText());
      }
    }
    return data;
  }

  private static List<String> labels(JsonNode message) {
    return StreamSupport.stream(
            message.path("reply_markup").path("inline_keyboard").spliterator(), false)
        .flatMap(row -> StreamSupport.stream(row.spliterator(), false))
        .map(b -> b.path("text").asText())
        .toList();
  }

  private void press(long user, JsonNode message, String prefix, String suffix) {
    String data =
        buttons(message).stream()
            .filter(d -> d.startsWith(prefix) && d.endsWith(suffix))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError(
                        "no " + prefix + "..." + suffix + " in " + buttons(message)));
    telegram.userPressesButton(user, user, message.path("message_id").asInt(), data);
  }

  /** Until lecture 3 is the batch's running item and its job is downloading. */
  private void awaitThirdLectureDownloading() {
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(
            () -> {
              List<BatchItem> items = db(d -> d.batches().items(onlyBatch().id()));
              return items.get(2).state() == BatchItem.State.RUNNING
                  && db(d -> d.jobs().findById(items.get(2).jobId()).orElseThrow().status())
                      == JobStatus.RUNNING;
            });
  }

  private List<JsonNode> audios(long chat) {
    return telegram.messagesIn(chat).stream().filter(m -> m.has("audio")).toList();
  }

  private Batch onlyBatch() {
    return db(d -> d.batches().recent(1).getFirst());
  }

  private String statusText(long chat, Batch batch) {
    return telegram.message(chat, batch.statusMessageId()).orElseThrow().path("text").asText();
  }

  private List<String> itemOrderDelivered(long chat) {
    // The title yt-dlp gave each item travels as the audio's title or in its caption.
    return audios(chat).stream()
        .map(m -> m.path("audio").path("title").asText() + " " + m.path("caption").asText())
        .map(t -> t.replaceAll("(?s).*?(lecture-\\d+|Lecture \\d+).*", "$1"))
        .collect(Collectors.toList());
  }

  @Test
  void fiveLecturesAsAudioArriveInOrderUnderOneStatusMessage() throws Exception {
    String feed = series("/series.xml", 5, true);
    startBot("");

    JsonNode question = question(USER, feed);
    assertThat(question.path("text").asText()).contains("Tafsir series").contains("5 items");
    assertThat(labels(question)).contains("All as audio", "All as video");
    press(USER, question, "p:", ":A");

    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> onlyBatch().status() == Batch.Status.FINISHED);
    assertThat(audios(USER)).hasSize(5);
    assertThat(itemOrderDelivered(USER))
        .allMatch(t -> t.matches("(?i)lecture[- ]\\d"))
        .extracting(t -> t.replaceAll("\\D", ""))
        .containsExactly("1", "2", "3", "4", "5");
    Batch batch = onlyBatch();
    assertThat(batch.statusMessageId()).isEqualTo(question.path("message_id").asInt());
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(statusText(USER, batch)).contains("Done: 5 of 5 sent"));
    // One status message for the batch: no per-item "Queued"/"Fetching" messages.
    assertThat(
            telegram.messagesIn(USER).stream()
                .filter(m -> m.has("text"))
                .map(m -> m.path("text").asText()))
        .noneMatch(
            t -> t.startsWith("Queued") || t.startsWith("Fetching") || t.startsWith("Downloading"));
    List<BatchItem> sent = db(d -> d.batches().items(batch.id()));
    assertThat(sent).extracting(BatchItem::state).containsOnly(BatchItem.State.SENT);
    List<archiver.storage.BatchRepository.Event> timeline = db(d -> d.batches().events(batch.id()));
    assertThat(timeline)
        .extracting(e -> e.type().name())
        .containsExactly("BATCH_CREATED", "BATCH_FINISHED");

    // Another user asks for the same series: every item is answered from Telegram's copy.
    JsonNode again = question(OTHER, feed);
    press(OTHER, again, "p:", ":A");
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> audios(OTHER).size() == 5);
    for (int i = 1; i <= 5; i++) {
      assertThat(
              media.requestsFor("/lecture-" + i + ".mp3").stream()
                  .filter(r -> r.method().equals("GET"))
                  .count())
          .as("lecture %d downloaded once", i)
          .isEqualTo(1);
    }
    assertThat(itemOrderDelivered(OTHER))
        .extracting(t -> t.replaceAll("\\D", ""))
        .containsExactly("1", "2", "3", "4", "5");
  }

  @Test
  void aLectureThat404sFailsAloneWithItsReasonAndTheOtherFourArrive() throws Exception {
    String feed = series("/series.xml", 5, true);
    media.respond("/lecture-2.mp3", new LocalMediaServer.Status(404, "gone"));
    startBot("");

    press(USER, question(USER, feed), "p:", ":A");

    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> onlyBatch().status() == Batch.Status.FINISHED);
    assertThat(audios(USER)).hasSize(4);
    assertThat(itemOrderDelivered(USER))
        .extracting(t -> t.replaceAll("\\D", ""))
        .containsExactly("1", "3", "4", "5");
    Batch batch = onlyBatch();
    List<BatchItem> items = db(d -> d.batches().items(batch.id()));
    assertThat(items.get(1).state()).isEqualTo(BatchItem.State.FAILED);
    assertThat(items.get(1).error()).contains("404");
    ArchiverJar.Run shown = new ArchiverJar(dir, Map.of()).run("batch", Long.toString(batch.id()));
    assertThat(shown.exitCode()).as(shown.all()).isZero();
    assertThat(shown.stdout())
        .contains("FINISHED")
        .containsPattern("  2  FAILED +job \\d+ +Lecture 2  \\(HTTP_ERROR[^)]*404")
        .contains("BATCH_FINISHED");
    ArchiverJar.Run listed = new ArchiverJar(dir, Map.of()).run("batch");
    assertThat(listed.stdout()).containsPattern(batch.id() + " +FINISHED +4/5 +sent +1 failed");
    assertThat(telegram.messagesIn(USER).stream().map(m -> m.path("text").asText()))
        .as("the failure names its item")
        .anyMatch(t -> t.startsWith("Item 2 of 5: Lecture 2\nThe site refused"));
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () ->
                assertThat(statusText(USER, batch))
                    .contains("Done: 4 of 5 sent")
                    .contains("1 failed"));
  }

  @Test
  void cancelDuringTheThirdLectureLeavesTheLastTwoCancelledAndSendsNothingMore() throws Exception {
    String feed = series("/series.xml", 5, true);
    Path slow = TestMedia.mp3(Files.createDirectories(dir.resolve("slow")), 3);
    media.respond(
        "/lecture-3.mp3",
        new LocalMediaServer.Drip(
            Files.readAllBytes(slow), "audio/mpeg", 1024, Duration.ofMillis(200)));
    startBot("");

    JsonNode question = question(USER, feed);
    press(USER, question, "p:", ":A");
    awaitThirdLectureDownloading();
    JsonNode status = telegram.message(USER, question.path("message_id").asInt()).orElseThrow();
    press(USER, status, "b:", "");

    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(200))
        .until(() -> onlyBatch().status() == Batch.Status.CANCELLED);
    List<BatchItem> items = db(d -> d.batches().items(onlyBatch().id()));
    assertThat(items)
        .extracting(BatchItem::state)
        .containsExactly(
            BatchItem.State.SENT,
            BatchItem.State.SENT,
            BatchItem.State.CANCELLED,
            BatchItem.State.CANCELLED,
            BatchItem.State.CANCELLED);
    assertThat(items.get(3).jobId()).isNull();
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                db(d -> d.jobs().findById(items.get(2).jobId()).orElseThrow().status())
                    == JobStatus.FAILED);
    Awaitility.await()
        .during(Duration.ofSeconds(4))
        .atMost(Duration.ofSeconds(10))
        .until(() -> audios(USER).size() == 2);
    assertThat(media.requestsFor("/lecture-4.mp3")).isEmpty();
    assertThat(statusText(USER, onlyBatch())).contains("Cancelled: 2 of 5 sent");
  }

  @Test
  void aPlaylistOfEightyWithTheCapAtFiftyIsOfferedAsItsFirstFifty() throws Exception {
    String feed = series("/long.xml", 80, false);
    startBot("sources: { max_playlist_items: 50 }\n");

    JsonNode question = question(USER, feed);
    assertThat(question.path("text").asText()).contains("more than 50 items").contains("first 50");
    assertThat(labels(question)).contains("First 50 as audio", "First 50 as video");
    press(USER, question, "p:", ":A");

    Awaitility.await().atMost(WAIT).until(() -> db(d -> d.batches().recent(1)).size() == 1);
    Batch batch = onlyBatch();
    assertThat(batch.itemCount()).isEqualTo(50);
    assertThat(batch.more()).isTrue();
    List<BatchItem> items = db(d -> d.batches().items(batch.id()));
    assertThat(items).hasSize(50);
    assertThat(items.getLast().url()).endsWith("/lecture-50.mp3");
  }

  @Test
  void aKillDuringTheThirdLectureResumesAfterTheRestartAndEveryLectureArrivesOnceInOrder()
      throws Exception {
    String feed = series("/series.xml", 5, true);
    Path slow = TestMedia.mp3(Files.createDirectories(dir.resolve("slow")), 3);
    media.respond(
        "/lecture-3.mp3",
        new LocalMediaServer.Drip(
            Files.readAllBytes(slow), "audio/mpeg", 4096, Duration.ofMillis(100)));
    startBot("");
    press(USER, question(USER, feed), "p:", ":A");
    awaitThirdLectureDownloading();

    bot.destroyForcibly(); // SIGKILL: no shutdown hook, nothing flushed
    assertThat(bot.waitFor(10, TimeUnit.SECONDS)).isTrue();
    media.serve("/lecture-3.mp3", slow, "audio/mpeg");
    bot =
        new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN))
            .start(dir.resolve("bot-2.log"), "run");

    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> onlyBatch().status() == Batch.Status.FINISHED);
    assertThat(itemOrderDelivered(USER))
        .extracting(t -> t.replaceAll("\\D", ""))
        .containsExactly("1", "2", "3", "4", "5");
    Batch batch = onlyBatch();
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(() -> assertThat(statusText(USER, batch)).contains("Done: 5 of 5 sent"));
  }

  @Test
  void inArchiveModeTheBatchFolderHoldsTheNumberedLecturesAndRenameKeepsTheNumber()
      throws Exception {
    String feed = series("/series.xml", 3, true);
    startBot("");
    telegram.userSendsText(USER, USER, "/archive_on", "en");
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                telegram.messagesIn(USER).stream()
                    .anyMatch(m -> m.path("text").asText().startsWith("Archive mode is on")));

    press(USER, question(USER, feed), "p:", ":A");
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofMillis(300))
        .until(() -> onlyBatch().status() == Batch.Status.FINISHED);

    List<BatchItem> items = db(d -> d.batches().items(onlyBatch().id()));
    String firstPath = db(d -> d.jobs().findById(items.get(0).jobId()).orElseThrow().filePath());
    Path first = Path.of(firstPath);
    Path folder = first.getParent();
    assertThat(folder.getFileName().toString()).isEqualTo("Tafsir series");
    assertThat(folder).startsWith(dir.resolve("data/archive"));
    try (var files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .containsExactly("01 - lecture-1.mp3", "02 - lecture-2.mp3", "03 - lecture-3.mp3");
    }

    int second = audios(USER).get(1).path("message_id").asInt();
    telegram.userRepliesText(USER, USER, second, "/rename The opening of the series", "en");
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                telegram.messagesIn(USER).stream()
                    .anyMatch(m -> m.path("text").asText().startsWith("Renamed to: ")));
    try (var files = Files.list(folder)) {
      assertThat(files.map(f -> f.getFileName().toString()).sorted())
          .containsExactly(
              "01 - lecture-1.mp3", "02 - The opening of the series.mp3", "03 - lecture-3.mp3");
    }
    ArchiverJar.Run job =
        new ArchiverJar(dir, Map.of()).run("job", Long.toString(items.get(1).jobId()));
    assertThat(job.exitCode()).as(job.all()).isZero();
    assertThat(job.stdout())
        .contains("BATCH_ITEM")
        .containsPattern(
            "JOB_RENAMED +\\{\"from\":\"[^\"]*\",\"to\":\"The opening of the series\"");
  }
}
