package archiver.download.http;

import static archiver.download.http.HttpTesting.filesIn;
import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.domain.Quality;
import archiver.download.CapabilityResult;
import archiver.download.DownloadContext;
import archiver.download.DownloadFailure;
import archiver.download.DownloadOptions;
import archiver.download.DownloadResult;
import archiver.download.Downloader;
import archiver.download.Metadata;
import archiver.download.MetadataResult;
import archiver.download.ProgressListener;
import archiver.download.process.SystemProcessRunner;
import archiver.download.ytdlp.FormatSelector;
import archiver.download.ytdlp.YtDlpDownloader;
import archiver.download.ytdlp.YtDlpRunner;
import archiver.testing.LocalMediaServer;
import archiver.testing.LocalMediaServer.Html;
import archiver.testing.LocalMediaServer.RecordedRequest;
import archiver.testing.LocalMediaServer.Status;
import archiver.testing.TestMedia;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Lecture pages: yt-dlp first, then the page's own links, against 127.0.0.1. */
class LectureSiteDownloaderIT {

  private static final long MAX = 50_000_000;

  @TempDir static Path clips;
  private static byte[] mp3;
  private static byte[] mp4;
  private static byte[] jpeg;

  @TempDir Path workDir;

  private LocalMediaServer server;
  private GuardedHttp http;
  private DownloadContext context;

  @BeforeAll
  static void makeMedia() throws IOException {
    mp3 = Files.readAllBytes(TestMedia.mp3(clips, 2));
    mp4 = Files.readAllBytes(TestMedia.h264AacMp4(clips, 1, 160, 120));
    jpeg = Files.readAllBytes(TestMedia.jpeg(clips, 120, 120));
  }

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
    http = HttpTesting.localHttp();
    context = HttpTesting.context(workDir);
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private LectureSiteDownloader downloader(Downloader ytDlp) {
    return new LectureSiteDownloader(ytDlp, http, Duration.ofSeconds(10));
  }

  private static Metadata fetched(MetadataResult result) {
    assertThat(result).isInstanceOf(MetadataResult.Fetched.class);
    return ((MetadataResult.Fetched) result).metadata();
  }

  private DownloadResult download(
      LectureSiteDownloader downloader, URI page, Metadata metadata, Quality quality)
      throws InterruptedException {
    CapabilityResult check = downloader.check(metadata, quality, MAX);
    assertThat(check).isInstanceOf(CapabilityResult.Capable.class);
    return downloader.download(
        page,
        new DownloadOptions(
            metadata, (CapabilityResult.Capable) check, quality, MAX, ProgressListener.none()),
        context);
  }

  @Test
  void givenYtDlpWithoutExtractor_whenPageHasAudioPlayer_thenAudioDownloadedWithPageCover()
      throws Exception {
    server.respond(
        "/khotab/123",
        new Html(
            """
            <html><head><title>Way2Allah | Lesson</title>
            <meta property="og:title" content="The Lesson on Patience">
            <meta property="og:image" content="/img/sheikh.jpg">
            </head><body><audio controls><source src="../files/lesson.mp3" type="audio/mpeg">
            </audio></body></html>
            """));
    server.serve("/files/lesson.mp3", mp3, "audio/mpeg");
    server.serve("/img/sheikh.jpg", jpeg, "image/jpeg");
    FakeDelegate ytDlp = FakeDelegate.failing(ErrorType.UNSUPPORTED_SOURCE, "Unsupported URL");
    LectureSiteDownloader downloader = downloader(ytDlp);
    URI page = server.uri("/khotab/123");

    Metadata metadata = fetched(downloader.fetchMetadata(page, context));
    assertThat(metadata.title()).isEqualTo("The Lesson on Patience");
    assertThat(metadata.sizeBytes()).hasValue(mp3.length);
    assertThat(metadata.thumbnailUrl()).contains(server.baseUrl() + "/img/sheikh.jpg");

    DownloadResult.Downloaded done =
        (DownloadResult.Downloaded) download(downloader, page, metadata, Quality.AUDIO_128);

    assertThat(Files.readAllBytes(done.file())).isEqualTo(mp3);
    assertThat(done.file()).isEqualTo(workDir.resolve("media.mp3"));
    assertThat(done.thumbnail()).contains(workDir.resolve("cover.jpg"));
    assertThat(ytDlp.calls()).containsExactly("metadata " + page);
    assertThat(server.requestedPaths())
        .containsExactly("/khotab/123", "/files/lesson.mp3", "/img/sheikh.jpg");
  }

  @Test
  void givenBrokenExtractor_whenPageOffersAudioAndVideo_thenEachJobGetsItsKind() throws Exception {
    server.respond(
        "/lecture",
        new Html(
            """
            <h1>Lecture</h1>
            <a href="/dl/lecture.mp3">MP3</a>
            <a href="/dl/lecture.mp4">MP4</a>
            """));
    server.serve("/dl/lecture.mp3", mp3, "audio/mpeg");
    server.serve("/dl/lecture.mp4", mp4, "video/mp4");
    LectureSiteDownloader downloader =
        downloader(FakeDelegate.failing(ErrorType.EXTRACTOR_ERROR, "Unable to extract title"));
    URI page = server.uri("/lecture");

    Metadata metadata = fetched(downloader.fetchMetadata(page, context));
    assertThat(metadata.qualities()).containsExactly("best", "audio_best");

    DownloadResult.Downloaded video =
        (DownloadResult.Downloaded) download(downloader, page, metadata, Quality.P720);
    assertThat(video.file()).isEqualTo(workDir.resolve("media.mp4"));
    assertThat(Files.readAllBytes(video.file())).isEqualTo(mp4);
    assertThat(video.thumbnail()).isEmpty();

    CapabilityResult.Capable audio =
        (CapabilityResult.Capable) downloader.check(metadata, Quality.AUDIO_64, MAX);
    assertThat(audio.description()).contains("lecture.mp3");
  }

  @Test
  void givenPageWithoutMedia_whenFetched_thenParserError() throws Exception {
    server.respond(
        "/empty",
        new Html("<html><body><p>Coming soon</p><a href=\"/x.pdf\">pdf</a></body></html>"));

    MetadataResult result =
        downloader(FakeDelegate.failing(ErrorType.UNSUPPORTED_SOURCE, "Unsupported URL"))
            .fetchMetadata(server.uri("/empty"), context);

    DownloadFailure f = ((MetadataResult.Failed) result).failure();
    assertThat(f.type()).isEqualTo(ErrorType.PARSER_ERROR);
    assertThat(f.message()).isEqualTo("the page has no audio or video link");
  }

  @Test
  void givenFirstMediaLinkGone_whenFetched_thenNextLinkUsed() throws Exception {
    server.respond(
        "/p", new Html("<audio src=\"/old.mp3\"></audio><a href=\"/new.mp3\">download</a>"));
    server.respond("/old.mp3", new Status(404, "moved"));
    server.serve("/new.mp3", mp3, "audio/mpeg");

    Metadata metadata =
        fetched(
            downloader(FakeDelegate.failing(ErrorType.UNSUPPORTED_SOURCE, "Unsupported URL"))
                .fetchMetadata(server.uri("/p"), context));

    assertThat(metadata.title()).isEqualTo("new");
    assertThat(metadata.sizeBytes()).hasValue(mp3.length);
  }

  @Test
  void givenAudioOnlyPage_whenVideoJob_thenFormatNotFound() throws Exception {
    server.respond("/a", new Html("<audio src=\"/a.mp3\"></audio>"));
    server.serve("/a.mp3", mp3, "audio/mpeg");
    LectureSiteDownloader downloader =
        downloader(FakeDelegate.failing(ErrorType.UNSUPPORTED_SOURCE, "Unsupported URL"));
    Metadata metadata = fetched(downloader.fetchMetadata(server.uri("/a"), context));

    CapabilityResult check = downloader.check(metadata, Quality.P480, MAX);

    assertThat(((CapabilityResult.Incapable) check).failure().type())
        .isEqualTo(ErrorType.FORMAT_NOT_FOUND);
  }

  @Test
  void givenYtDlpFailingForAnotherReason_whenFetched_thenThatFailureWithoutReadingThePage()
      throws Exception {
    FakeDelegate ytDlp = FakeDelegate.failing(ErrorType.HTTP_ERROR, "HTTP Error 404: Not Found");

    MetadataResult result = downloader(ytDlp).fetchMetadata(server.uri("/gone"), context);

    assertThat(((MetadataResult.Failed) result).failure().type()).isEqualTo(ErrorType.HTTP_ERROR);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void givenYtDlpKnowsThePage_whenFetchedCheckedAndDownloaded_thenAllDelegated() throws Exception {
    FakeDelegate ytDlp = FakeDelegate.knowing("Known lecture");
    LectureSiteDownloader downloader = downloader(ytDlp);
    URI page = server.uri("/known");

    Metadata metadata = fetched(downloader.fetchMetadata(page, context));
    CapabilityResult.Capable plan =
        (CapabilityResult.Capable) downloader.check(metadata, Quality.P720, MAX);
    downloader.download(
        page,
        new DownloadOptions(metadata, plan, Quality.P720, MAX, ProgressListener.none()),
        context);

    assertThat(metadata.title()).isEqualTo("Known lecture");
    assertThat(ytDlp.calls()).containsExactly("metadata " + page, "check 720p", "download plan");
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void givenRealYtDlp_whenPageOnlyLinksTheFile_thenItsUnsupportedUrlFallsBackToThePage()
      throws Exception {
    server.respond(
        "/lessons/7",
        new Html(
            "<html><head><title>Lesson 7</title></head><body>"
                + "<a href=\"/files/lesson7.mp3\">Download MP3</a></body></html>"));
    server.serve("/files/lesson7.mp3", mp3, "audio/mpeg");
    YtDlpDownloader ytDlp =
        new YtDlpDownloader(
            new YtDlpRunner(new SystemProcessRunner(), "yt-dlp", TestMedia.ffmpegPath()),
            new FormatSelector(),
            () -> "",
            Duration.ofSeconds(30),
            Duration.ofSeconds(30));
    LectureSiteDownloader downloader = downloader(ytDlp);
    URI page = server.uri("/lessons/7");

    Metadata metadata = fetched(downloader.fetchMetadata(page, context));
    DownloadResult.Downloaded done =
        (DownloadResult.Downloaded) download(downloader, page, metadata, Quality.AUDIO_BEST);

    assertThat(metadata.title()).isEqualTo("Lesson 7");
    assertThat(Files.readAllBytes(done.file())).isEqualTo(mp3);
    assertThat(server.requestsFor("/files/lesson7.mp3"))
        .extracting(RecordedRequest::method)
        .containsExactly("HEAD", "GET");
    assertThat(filesIn(workDir)).contains("media.mp3");
  }
}
