package archiver.download.ytdlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import archiver.domain.DownloadProgress;
import archiver.domain.ErrorType;
import archiver.domain.Quality;
import archiver.download.ProgressListener;
import archiver.download.process.SystemProcessRunner;
import archiver.download.ytdlp.FormatSelector.Chosen;
import archiver.download.ytdlp.FormatSelector.Rejected;
import archiver.download.ytdlp.FormatSelector.Selection;
import archiver.download.ytdlp.YtDlpRunner.DownloadOutcome;
import archiver.download.ytdlp.YtDlpRunner.Downloaded;
import archiver.download.ytdlp.YtDlpRunner.Failed;
import archiver.download.ytdlp.YtDlpRunner.InfoFailed;
import archiver.download.ytdlp.YtDlpRunner.InfoFetched;
import archiver.download.ytdlp.YtDlpRunner.InfoOutcome;
import archiver.download.ytdlp.YtDlpRunner.NoFileProduced;
import archiver.testing.LocalMediaServer;
import archiver.testing.LocalMediaServer.Behaviour;
import archiver.testing.LocalMediaServer.Drip;
import archiver.testing.LocalMediaServer.ResetMidBody;
import archiver.testing.LocalMediaServer.Status;
import archiver.testing.LocalMediaServer.TooManyRequests;
import archiver.testing.TestMedia;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The real yt-dlp (whatever version is installed) against media served on 127.0.0.1. */
class YtDlpRunnerIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final long FIFTY_MB = 50L * 1024 * 1024;

  @TempDir static Path clips;

  private static byte[] h264Video;
  private static byte[] vp9Video;
  private static byte[] aacAudio;
  private static byte[] opusAudio;
  private static byte[] h264AacCombined;

  @TempDir Path jobDir;

  private LocalMediaServer server;
  private final YtDlpRunner runner = new YtDlpRunner(new SystemProcessRunner(), "yt-dlp", "ffmpeg");
  private final FormatSelector selector = new FormatSelector();

  @BeforeAll
  static void generateClips() throws Exception {
    h264Video = Files.readAllBytes(TestMedia.h264VideoOnlyMp4(clips, 2, 320, 240));
    vp9Video = Files.readAllBytes(TestMedia.vp9VideoOnlyWebm(clips, 2, 320, 240));
    aacAudio = Files.readAllBytes(TestMedia.aacAudioOnlyM4a(clips, 2));
    opusAudio = Files.readAllBytes(TestMedia.opusWebmAudioOnly(clips, 2));
    h264AacCombined = Files.readAllBytes(TestMedia.h264AacMp4(clips, 2, 320, 240));
  }

  @BeforeEach
  void startServer() {
    server = LocalMediaServer.start();
  }

  @AfterEach
  void stopServer() {
    server.close();
  }

  @Test
  void givenADirectFileUrl_whenFetchingInfoAndDownloading_thenTheGenericSingleFormatIsFetched()
      throws Exception {
    server.serve("/media/clip.mp4", h264AacCombined, "video/mp4");

    InfoOutcome outcome =
        runner.fetchInfo(server.uri("/media/clip.mp4").toString(), Optional.empty(), TIMEOUT);

    assertThat(outcome).isInstanceOf(InfoFetched.class);
    YtDlpInfo info = ((InfoFetched) outcome).info();
    assertThat(info.extractor()).isEqualTo("generic");
    assertThat(info.id()).isEqualTo("clip");
    assertThat(info.formats())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.vcodec()).isEmpty();
              assertThat(f.height()).isEmpty();
              assertThat(f.url()).isEqualTo(server.uri("/media/clip.mp4").toString());
            });

    Selection selection = selector.choose(info, Quality.P720, FIFTY_MB);
    assertThat(selection).isInstanceOf(Chosen.class);
    DownloadOutcome download =
        runner.download(
            info,
            ((Chosen) selection).formatSpec(),
            jobDir,
            FIFTY_MB,
            Optional.empty(),
            TIMEOUT,
            ProgressListener.none());

    assertThat(download).isEqualTo(new Downloaded(jobDir.resolve("media.mp4")));
    assertThat(jobDir.resolve("media.mp4")).hasBinaryContent(h264AacCombined);
    assertThat(filesIn(jobDir)).containsExactly("media.mp4");
  }

  @Test
  void givenAMissingUrl_whenFetchingInfo_thenFailedWithTheHttpStatus() throws Exception {
    InfoOutcome outcome =
        runner.fetchInfo(server.uri("/media/gone.mp4").toString(), Optional.empty(), TIMEOUT);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            InfoFailed.class,
            failed -> {
              assertThat(failed.exitCode()).isEqualTo(1);
              assertThat(failed.timedOut()).isFalse();
              assertThat(failed.stderrTail()).contains("HTTP Error 404");
            });
  }

  @Test
  void givenACookieFile_whenFetchingInfo_thenCookiesAreSentAndTheFileIsLeftAsItWas()
      throws Exception {
    server.serve("/media/clip.mp4", h264AacCombined, "video/mp4");
    Path cookieFile = jobDir.resolve("cookies.txt");
    String cookies =
        "# Netscape HTTP Cookie File\n127.0.0.1\tFALSE\t/\tFALSE\t0\tsession\tsecretvalue123\n";
    Files.writeString(cookieFile, cookies);
    List<Path> copiesBefore = cookieCopiesInTmp();

    InfoOutcome outcome =
        runner.fetchInfo(
            server.uri("/media/clip.mp4").toString(), Optional.of(cookieFile), TIMEOUT);

    assertThat(outcome).isInstanceOf(InfoFetched.class);
    assertThat(server.requestsFor("/media/clip.mp4"))
        .allSatisfy(r -> assertThat(r.header("Cookie")).hasValue("session=secretvalue123"));
    // yt-dlp rewrites the file given to --cookies; it only ever saw a copy
    assertThat(cookieFile).hasContent(cookies);
    assertThat(cookieCopiesInTmp()).isEqualTo(copiesBefore);
  }

  @Test
  void givenYoutubeShapedInfo_whenDownloadingTheChoice_thenOnlyChosenFormatsAreFetchedAndMerged()
      throws Exception {
    YtDlpInfo info = youtubeInfoServedLocally();
    Selection selection = selector.choose(info, Quality.BEST, FIFTY_MB);
    // 1080p is about 83 MB: the best that fits Telegram's 50 MB is 720p H.264 + AAC
    assertThat(selection).isInstanceOf(Chosen.class);
    Chosen chosen = (Chosen) selection;
    assertThat(chosen.formatSpec()).isEqualTo("136+140");
    List<DownloadProgress> progress = new CopyOnWriteArrayList<>();

    DownloadOutcome outcome =
        runner.download(
            info, chosen.formatSpec(), jobDir, FIFTY_MB, Optional.empty(), TIMEOUT, progress::add);

    assertThat(outcome).isEqualTo(new Downloaded(jobDir.resolve("media.mp4")));
    assertThat(ffprobeCodecs(jobDir.resolve("media.mp4"))).containsExactly("h264", "aac");
    assertThat(server.requestedPaths()).containsExactlyInAnyOrder("/yt/136.mp4", "/yt/140.m4a");
    assertThat(filesIn(jobDir)).containsExactly("media.mp4");
    assertThat(progress).isNotEmpty();
    assertThat(progress).extracting(DownloadProgress::downloadedBytes).isSorted();
    assertThat(progress.get(progress.size() - 1).downloadedBytes())
        .isEqualTo(h264Video.length + aacAudio.length);
  }

  @Test
  void givenAChoiceTooLargeForTheLimit_whenSelecting_thenSizeLimitBeforeAnyRequest() {
    YtDlpInfo info = youtubeInfoServedLocally();

    Selection selection = selector.choose(info, Quality.P360, 5_000_000);

    assertThat(selection)
        .isInstanceOfSatisfying(
            Rejected.class,
            rejected -> assertThat(rejected.errorType()).isEqualTo(ErrorType.SIZE_LIMIT));
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void givenAFileOverMaxFilesize_whenDownloading_thenNoFileProducedAndNothingLeft()
      throws Exception {
    YtDlpInfo info = youtubeInfoServedLocally();

    DownloadOutcome outcome =
        runner.download(
            info, "136+140", jobDir, 1000, Optional.empty(), TIMEOUT, ProgressListener.none());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            NoFileProduced.class,
            none -> {
              assertThat(none.maxFilesizeExceeded()).isTrue();
              assertThat(none.stderrTail()).contains("larger than max-filesize");
            });
    assertThat(filesIn(jobDir)).isEmpty();
  }

  static Stream<Arguments> misbehaviours() {
    return Stream.of(
        Arguments.of(new Status(404, "not here"), "HTTP Error 404"),
        Arguments.of(new Status(403, "forbidden"), "HTTP Error 403"),
        Arguments.of(new TooManyRequests(30), "HTTP Error 429"),
        Arguments.of(new ResetMidBody(new byte[64 * 1024], "video/mp4", 1000), "retries"));
  }

  @ParameterizedTest
  @MethodSource("misbehaviours")
  void givenAMisbehavingServer_whenDownloading_thenFailedWithTheReasonInTheTail(
      Behaviour behaviour, String expectedWording) throws Exception {
    YtDlpInfo info = youtubeInfoServedLocally();
    server.respond("/yt/18.mp4", behaviour);

    DownloadOutcome outcome =
        runner.download(
            info, "18", jobDir, FIFTY_MB, Optional.empty(), TIMEOUT, ProgressListener.none());

    assertThat(outcome)
        .isInstanceOfSatisfying(
            Failed.class,
            failed -> {
              assertThat(failed.exitCode()).isEqualTo(1);
              assertThat(failed.timedOut()).isFalse();
              assertThat(failed.stderrTail())
                  .contains(expectedWording)
                  .doesNotContain("older than 90 days");
            });
    assertThat(filesIn(jobDir)).isEmpty();
  }

  @Test
  void givenADripSlowerThanTheTimeout_whenDownloading_thenTimedOutAndNoProcessLeft()
      throws Exception {
    YtDlpInfo info = youtubeInfoServedLocally();
    server.respond(
        "/yt/18.mp4", new Drip(h264AacCombined, "video/mp4", 512, Duration.ofMillis(250)));
    List<DownloadProgress> progress = new CopyOnWriteArrayList<>();

    DownloadOutcome outcome =
        runner.download(
            info, "18", jobDir, FIFTY_MB, Optional.empty(), Duration.ofSeconds(4), progress::add);

    assertThat(outcome)
        .isInstanceOfSatisfying(Failed.class, failed -> assertThat(failed.timedOut()).isTrue());
    assertThat(progress).as("bytes were arriving, just too slowly").isNotEmpty();
    await().atMost(5, TimeUnit.SECONDS).until(() -> toolsStillRunning().isEmpty());
    assertThat(filesIn(jobDir)).isEmpty();
  }

  private YtDlpInfo youtubeInfoServedLocally() {
    Map<String, byte[]> bodies =
        Map.ofEntries(
            Map.entry("/yt/134.mp4", h264Video),
            Map.entry("/yt/135.mp4", h264Video),
            Map.entry("/yt/136.mp4", h264Video),
            Map.entry("/yt/137.mp4", h264Video),
            Map.entry("/yt/243.webm", vp9Video),
            Map.entry("/yt/244.webm", vp9Video),
            Map.entry("/yt/247.webm", vp9Video),
            Map.entry("/yt/248.webm", vp9Video),
            // ffmpeg here has no AV1 encoder; this format is never downloaded
            Map.entry("/yt/399.mp4", vp9Video),
            Map.entry("/yt/139.m4a", aacAudio),
            Map.entry("/yt/140.m4a", aacAudio),
            Map.entry("/yt/249.webm", opusAudio),
            Map.entry("/yt/251.webm", opusAudio),
            Map.entry("/yt/18.mp4", h264AacCombined));
    bodies.forEach((path, body) -> server.serve(path, body, contentType(path)));
    String json;
    try (InputStream in = getClass().getResourceAsStream("/ytdlp/youtube-info.json")) {
      json = new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return YtDlpInfo.parse(json.replace("{port}", Integer.toString(server.port())));
  }

  private static String contentType(String path) {
    if (path.endsWith(".m4a")) {
      return "audio/mp4";
    }
    return path.endsWith(".webm") ? "video/webm" : "video/mp4";
  }

  private static List<String> filesIn(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  private static List<Path> cookieCopiesInTmp() throws IOException {
    try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
      return files
          .filter(f -> f.getFileName().toString().startsWith("archiver-cookies-"))
          .sorted()
          .toList();
    }
  }

  private static List<String> toolsStillRunning() {
    List<String> running = new ArrayList<>();
    ProcessHandle.current()
        .descendants()
        .filter(ProcessHandle::isAlive)
        .forEach(
            p -> {
              String commandLine = p.info().commandLine().orElse("");
              if (commandLine.contains("yt-dlp") || commandLine.contains("ffmpeg")) {
                running.add(p.pid() + " " + commandLine);
              }
            });
    return running;
  }

  private static List<String> ffprobeCodecs(Path file) throws Exception {
    Process p =
        new ProcessBuilder(
                "ffprobe",
                "-v",
                "error",
                "-show_entries",
                "stream=codec_name",
                "-of",
                "csv=p=0",
                file.toString())
            .redirectErrorStream(true)
            .start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return out.lines().map(String::strip).filter(l -> !l.isEmpty()).toList();
  }
}
