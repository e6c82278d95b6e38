package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.Requester;
import archiver.storage.Database;
import archiver.testing.ArchiverJar;
import archiver.testing.FakeBotApi;
import archiver.testing.FakeBotApiCall;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
 * Long media through the real jar against a fake cloud Bot API (50 MB uploads): a video over the
 * limit arrives in parts that each play, a two-hour lecture as one audio file that fits, a repeat
 * from Telegram's copies, and a crash between parts.
 */
class LongMediaIT {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";
  private static final long USER = 4001;
  private static final long OTHER = 4002;
  private static final long LIMIT = 50L * 1024 * 1024;
  // A bound, not a target: the two-hour re-encode takes 80 s on an idle 2-core machine, 3-4 min
  // when other builds share it.
  private static final Duration WAIT = Duration.ofSeconds(480);

  @TempDir Path dir;
  private FakeBotApi telegram;
  private LocalMediaServer media;
  private Process bot;

  /** The real jar, as an operator runs it. */
  private void startBot() throws Exception {
    telegram = FakeBotApi.start(TOKEN);
    media = LocalMediaServer.start();
    Files.writeString(dir.resolve("config.yaml"), config());
    bot =
        new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN))
            .start(dir.resolve("bot.log"), "run");
  }

  private Job lastJob() {
    return Optional.ofNullable(db(d -> d.jobs().list(Optional.empty(), 1)))
        .orElse(List.of())
        .stream()
        .findFirst()
        .orElse(null);
  }

  private String config() {
    return "telegram:\n  api_base_url: "
        + telegram.baseUrl()
        + "\n"
        // The fake serves on 127.0.0.1 but stands for the cloud API and its 50 MB.
        + "limits: { max_file_size_bytes: "
        + LIMIT
        + " }\n"
        + "security: { allow_private_addresses: true, allow_http: true }\n";
  }

  @AfterEach
  void stop() throws Exception {
    if (bot != null) {
      bot.destroy();
      assertThat(bot.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    if (telegram != null) {
      telegram.close();
    }
    if (media != null) {
      media.close();
    }
  }

  private static List<String> probe(Path file, String entries) throws Exception {
    Process p =
        new ProcessBuilder(
                TestMedia.ffprobePath(),
                "-v",
                "error",
                "-show_entries",
                entries,
                "-of",
                "default=nw=1",
                file.toString())
            .redirectErrorStream(true)
            .start();
    List<String> lines = new String(p.getInputStream().readAllBytes()).lines().toList();
    p.waitFor();
    return lines;
  }

  private static double duration(Path file) throws Exception {
    return Double.parseDouble(
        probe(file, "format=duration").stream()
            .filter(l -> l.startsWith("duration="))
            .findFirst()
            .orElseThrow()
            .substring("duration=".length()));
  }

  private static boolean faststart(Path mp4) throws Exception {
    byte[] head = Files.readAllBytes(mp4);
    String text =
        new String(
            head, 0, Math.min(head.length, 8192), java.nio.charset.StandardCharsets.ISO_8859_1);
    int moov = text.indexOf("moov");
    int mdat = text.indexOf("mdat");
    return moov >= 0 && (mdat < 0 || moov < mdat);
  }

  private static long gets(LocalMediaServer server, String path) {
    return server.requestsFor(path).stream().filter(r -> r.method().equals("GET")).count();
  }

  /** A lecture of {@code seconds} as a 128 kbit/s MP3 with a cover picture, made fast. */
  static Path longMp3WithCover(Path dir, int seconds) throws Exception {
    Path minute = dir.resolve("minute.mp3");
    Path cover = TestMedia.jpeg(dir, 300, 300);
    Path out = dir.resolve("lecture.mp3");
    run(
        TestMedia.ffmpegPath(),
        "-v",
        "error",
        "-y",
        "-f",
        "lavfi",
        "-i",
        "sine=frequency=300:sample_rate=44100",
        "-t",
        "60",
        "-c:a",
        "libmp3lame",
        "-b:a",
        "128k",
        minute.toString());
    run(
        TestMedia.ffmpegPath(),
        "-v",
        "error",
        "-y",
        "-stream_loop",
        Integer.toString(seconds / 60 - 1),
        "-i",
        minute.toString(),
        "-i",
        cover.toString(),
        "-map",
        "0:a",
        "-map",
        "1:v",
        "-c",
        "copy",
        "-id3v2_version",
        "3",
        "-metadata",
        "title=The long lecture",
        "-metadata",
        "artist=Sheikh Test",
        "-disposition:v",
        "attached_pic",
        out.toString());
    return out;
  }

  private static void run(String... command) throws Exception {
    Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(out).isZero();
  }

  @Test
  void aVideoOverTheLimitArrivesInPartsThatEachPlayAndARepeatComesFromTelegramsCopies()
      throws Exception {
    startBot();
    Path big =
        TestMedia.largeH264AacMp4(Files.createDirectories(dir.resolve("clips")), 70L * 1024 * 1024);
    media.respond("/series.mp4", new LocalMediaServer.LargeFile(big, "video/mp4"));
    String link = "/video " + media.baseUrl() + "/series.mp4";

    telegram.userSendsText(USER, USER, link, "en");
    Awaitility.await()
        .atMost(WAIT)
        .pollInterval(Duration.ofSeconds(1))
        .until(() -> lastJob() != null && lastJob().status().isTerminal());
    Job job = lastJob();
    assertThat(job.status())
        .as("%s: %s", job.errorType(), job.errorMessage())
        .isEqualTo(JobStatus.COMPLETED);

    List<FakeBotApiCall> parts =
        telegram.calls("sendVideo").stream().filter(c -> c.chatId() == USER).toList();
    assertThat(parts).hasSizeGreaterThanOrEqualTo(2).hasSize(job.partCount());
    double total = 0;
    for (int i = 0; i < parts.size(); i++) {
      FakeBotApiCall call = parts.get(i);
      assertThat(call.hasUpload("video")).isTrue();
      assertThat(call.requiredParam("caption")).startsWith("Part " + (i + 1) + "/" + parts.size());
      Path part = call.upload("video").path();
      assertThat(Files.size(part)).isLessThanOrEqualTo(LIMIT);
      assertThat(probe(part, "stream=codec_name")).contains("codec_name=h264", "codec_name=aac");
      assertThat(faststart(part)).as("part %d faststart", i + 1).isTrue();
      total += duration(part);
    }
    assertThat(total).isCloseTo(duration(big), org.assertj.core.data.Offset.offset(1.5));
    List<JobEvent> timeline = db(d -> d.events().forJob(job.id()));
    assertThat(timeline)
        .anyMatch(
            e ->
                e.type() == EventType.POSTPROCESS_FINISHED
                    && e.data().contains("\"step\":\"split\""));

    // Another user: every part again from Telegram's copies, no download, no upload.
    long downloads = gets(media, "/series.mp4");
    int uploads = telegram.uploads().size();
    telegram.userSendsText(OTHER, OTHER, link, "en");
    Awaitility.await()
        .atMost(WAIT)
        .until(
            () ->
                db(d -> d.deliveries().requesters(job.id())).stream()
                    .filter(r -> r.chatId() == OTHER)
                    .anyMatch(Requester::delivered));
    List<FakeBotApiCall> again =
        telegram.calls("sendVideo").stream().filter(c -> c.chatId() == OTHER).toList();
    assertThat(again).hasSize(parts.size()).noneMatch(c -> c.hasUpload("video"));
    for (int i = 0; i < again.size(); i++) {
      assertThat(again.get(i).requiredParam("video"))
          .isEqualTo(parts.get(i).result().path("video").path("file_id").asText());
    }
    assertThat(gets(media, "/series.mp4")).isEqualTo(downloads);
    assertThat(telegram.uploads()).hasSize(uploads);
  }

  @Test
  void aTwoHourLectureArrivesAsOneAudioUnderTheLimitWithTitleAndCover() throws Exception {
    startBot();
    Path lecture = longMp3WithCover(Files.createDirectories(dir.resolve("clips")), 7200);
    assertThat(Files.size(lecture)).isGreaterThan(100L * 1024 * 1024);
    media.respond("/lecture.mp3", new LocalMediaServer.LargeFile(lecture, "audio/mpeg"));

    telegram.userSendsText(USER, USER, "/audio " + media.baseUrl() + "/lecture.mp3", "en");

    FakeBotApiCall audio = telegram.awaitCall("sendAudio", FakeBotApiCall::succeeded, WAIT);
    Path sent = audio.upload("audio").path();
    assertThat(Files.size(sent)).isLessThanOrEqualTo(LIMIT);
    double source = duration(lecture);
    assertThat(duration(sent)).isCloseTo(source, org.assertj.core.data.Offset.offset(3.0));
    assertThat(probe(sent, "stream=codec_name")).contains("codec_name=aac");
    assertThat(audio.requiredParam("title")).as("the link names it").isEqualTo("lecture");
    // The lecture's own cover stays in the file, where Telegram's player shows it.
    assertThat(probe(sent, "stream=codec_name")).as("cover").contains("codec_name=mjpeg");
    assertThat((double) Integer.parseInt(audio.requiredParam("duration")))
        .isCloseTo(source, org.assertj.core.data.Offset.offset(3.0));
    assertThat(telegram.calls("sendAudio")).as("one file").hasSize(1);
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

  @Test
  void aKillAfterTheFirstPartSendsOnlyTheRemainingPartsAfterTheRestart() throws Exception {
    telegram = FakeBotApi.start(TOKEN);
    media = LocalMediaServer.start();
    Path big =
        TestMedia.largeH264AacMp4(
            Files.createDirectories(dir.resolve("clips")), 110L * 1024 * 1024);
    media.respond("/long.mp4", new LocalMediaServer.LargeFile(big, "video/mp4"));
    Files.writeString(dir.resolve("config.yaml"), config());
    // Parts take a while to be answered: the kill comes while part 2 may be on its way.
    telegram.answerSlowly("sendVideo", Duration.ofSeconds(3));
    ArchiverJar jar = new ArchiverJar(dir, Map.of("TELEGRAM_BOT_TOKEN", TOKEN));
    Path log = dir.resolve("bot.log");

    Process first = jar.start(log, "run");
    try {
      telegram.userSendsText(USER, USER, "/video " + media.baseUrl() + "/long.mp4", "en");
      Awaitility.await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(300))
          .until(
              () ->
                  Optional.ofNullable(db(d -> d.jobs().list(Optional.empty(), 1)))
                      .orElse(List.of())
                      .stream()
                      .anyMatch(this::firstPartDelivered));
    } finally {
      first.destroyForcibly();
      assertThat(first.waitFor(10, TimeUnit.SECONDS)).isTrue();
    }
    Job cut = db(d -> d.jobs().list(Optional.empty(), 1).getFirst());
    assertThat(cut.partCount()).isGreaterThanOrEqualTo(3);

    Process second = jar.start(log, "run");
    try {
      Awaitility.await()
          .atMost(WAIT)
          .pollInterval(Duration.ofMillis(500))
          .until(
              () ->
                  db(
                      d ->
                          d.deliveries().requesters(cut.id()).stream()
                              .allMatch(Requester::delivered)));
    } finally {
      second.destroy();
      assertThat(second.waitFor(30, TimeUnit.SECONDS)).isTrue();
    }
    List<String> captions =
        telegram.messagesIn(USER).stream()
            .filter(m -> m.has("video"))
            .map(m -> m.path("caption").asText())
            .toList();
    int count = cut.partCount();
    assertThat(captions.stream().filter(c -> c.startsWith("Part 1/" + count)))
        .as("part 1 is not sent again")
        .hasSize(1);
    for (int k = 2; k <= count; k++) {
      int part = k;
      assertThat(captions.stream().filter(c -> c.startsWith("Part " + part + "/" + count)))
          .as("part %d", k)
          .isNotEmpty();
    }
    List<JobEvent> timeline = db(d -> d.events().forJob(cut.id()));
    long interrupted =
        timeline.stream().filter(e -> e.type() == EventType.TELEGRAM_SEND_INTERRUPTED).count();
    long duplicates = captions.size() - count;
    assertThat(duplicates)
        .as("only a part in flight at the kill may come twice")
        .isLessThanOrEqualTo(interrupted);
    assertThat(gets(media, "/long.mp4"))
        .as("the parts made before the kill were sent, not made again")
        .isEqualTo(1);
  }

  /** The first chat has part 1 of a job in parts. */
  private boolean firstPartDelivered(Job j) {
    List<Requester> rs = db(d -> d.deliveries().requesters(j.id()));
    return j.partCount() > 1 && rs != null && rs.stream().anyMatch(r -> r.partsSent() >= 1);
  }
}
