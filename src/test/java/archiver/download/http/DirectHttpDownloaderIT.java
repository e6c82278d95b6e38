package archiver.download.http;

import static archiver.download.http.HttpTesting.filesIn;
import static archiver.download.http.HttpTesting.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.DownloadProgress;
import archiver.domain.ErrorType;
import archiver.domain.Quality;
import archiver.download.CapabilityResult;
import archiver.download.DownloadContext;
import archiver.download.DownloadFailure;
import archiver.download.DownloadOptions;
import archiver.download.DownloadResult;
import archiver.download.Metadata;
import archiver.download.MetadataResult;
import archiver.testing.LocalMediaServer;
import archiver.testing.LocalMediaServer.Status;
import archiver.testing.LocalMediaServer.TooManyRequests;
import archiver.testing.TestMedia;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** GENERIC links end to end: HEAD, capability check, streaming GET, against 127.0.0.1. */
class DirectHttpDownloaderIT {

  private static final long MAX = 5_000_000;

  @TempDir static Path clips;
  private static byte[] mp3;

  @TempDir Path workDir;

  private LocalMediaServer server;
  private RawHttpServer raw;
  private GuardedHttp http;
  private DirectHttpDownloader downloader;
  private DownloadContext context;
  private final List<DownloadProgress> progress = new CopyOnWriteArrayList<>();

  @BeforeAll
  static void makeMedia() throws Exception {
    mp3 = Files.readAllBytes(TestMedia.mp3(clips, 2));
  }

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
    raw = RawHttpServer.start();
    http = HttpTesting.localHttp();
    downloader = new DirectHttpDownloader(http, Duration.ofSeconds(10));
    context = HttpTesting.context(workDir);
  }

  @AfterEach
  void stop() {
    http.close();
    raw.close();
    server.close();
  }

  private Metadata metadata(URI url) throws InterruptedException {
    MetadataResult result = downloader.fetchMetadata(url, context);
    assertThat(result).isInstanceOf(MetadataResult.Fetched.class);
    return ((MetadataResult.Fetched) result).metadata();
  }

  private DownloadFailure refusal(Metadata metadata, Quality quality, long max) {
    CapabilityResult result = downloader.check(metadata, quality, max);
    assertThat(result).isInstanceOf(CapabilityResult.Incapable.class);
    return ((CapabilityResult.Incapable) result).failure();
  }

  private DownloadResult download(URI url, Metadata metadata, Quality quality)
      throws InterruptedException {
    CapabilityResult.Capable plan =
        (CapabilityResult.Capable) downloader.check(metadata, quality, MAX);
    return downloader.download(
        url, new DownloadOptions(metadata, plan, quality, MAX, progress::add), context);
  }

  @Test
  void givenMp3Link_whenFetched_thenTitleFromFileNameAndFileSavedAsMediaMp3() throws Exception {
    // The server matches decoded paths; the link is encoded as a browser sends it.
    server.serve("/audio/Lesson 1 - Patience.mp3", mp3, "audio/mpeg");
    URI url = server.uri("/audio/Lesson%201%20-%20Patience.mp3");

    Metadata metadata = metadata(url);
    assertThat(metadata.title()).isEqualTo("Lesson 1 - Patience");
    assertThat(metadata.sizeBytes()).hasValue(mp3.length);
    assertThat(metadata.qualities()).containsExactly("audio_best");

    DownloadResult result = download(url, metadata, Quality.AUDIO_128);

    DownloadResult.Downloaded done = (DownloadResult.Downloaded) result;
    assertThat(done.file()).isEqualTo(workDir.resolve("media.mp3"));
    assertThat(done.sizeBytes()).isEqualTo(mp3.length);
    assertThat(Files.readAllBytes(done.file())).isEqualTo(mp3);
    assertThat(done.thumbnail()).isEmpty();
    assertThat(filesIn(workDir)).containsExactly("media.mp3");
    assertThat(progress).isNotEmpty();
    assertThat(progress.get(progress.size() - 1).downloadedBytes()).isEqualTo(mp3.length);
  }

  @Test
  void givenContentDisposition_whenFetched_thenTitleAndExtensionFromIt() throws Exception {
    raw.on(
        "/download.php",
        (request, socket, out) -> {
          RawHttpServer.head(
              out,
              200,
              "Content-Type: application/octet-stream",
              "Content-Length: " + mp3.length,
              "Content-Disposition: attachment; filename=\"x.mp3\";"
                  + " filename*=UTF-8''%D8%AF%D8%B1%D8%B3%20%D8%A7%D9%84%D8%B5%D8%A8%D8%B1.mp3");
          if (request.method().equals("GET")) {
            out.write(mp3);
          }
        });
    URI url = raw.uri("/download.php?id=7");

    Metadata metadata = metadata(url);
    assertThat(metadata.title()).isEqualTo("درس الصبر");

    DownloadResult.Downloaded done =
        (DownloadResult.Downloaded) download(url, metadata, Quality.AUDIO_64);
    assertThat(done.file().getFileName().toString()).isEqualTo("media.mp3");
  }

  @Test
  void givenWebPage_whenChecked_thenUnsupportedSourceWithoutGet() throws Exception {
    server.respond("/watch.mp4", new LocalMediaServer.Html("<html>a player</html>"));

    DownloadFailure f = refusal(metadata(server.uri("/watch.mp4")), Quality.P720, MAX);

    assertThat(f.type()).isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
    assertThat(f.message()).contains("web page");
    assertThat(server.requests())
        .extracting(LocalMediaServer.RecordedRequest::method)
        .containsOnly("HEAD");
  }

  @Test
  void givenAudioFile_whenAskedAsVideo_thenFormatNotFound() throws Exception {
    server.serve("/talk.mp3", mp3, "audio/mpeg");

    DownloadFailure f = refusal(metadata(server.uri("/talk.mp3")), Quality.P720, MAX);

    assertThat(f.type()).isEqualTo(ErrorType.FORMAT_NOT_FOUND);
    assertThat(f.message()).isEqualTo("this link is audio only");
  }

  @Test
  void givenContentLengthOverCap_whenChecked_thenSizeLimitWithoutRequestingTheBody()
      throws Exception {
    server.serve("/big.mp4", randomBytes(300_000), "video/mp4");

    Metadata metadata = metadata(server.uri("/big.mp4"));
    DownloadFailure f = refusal(metadata, Quality.BEST, 200_000);

    assertThat(f.type()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(server.requestsFor("/big.mp4"))
        .extracting(LocalMediaServer.RecordedRequest::method)
        .containsExactly("HEAD");
    assertThat(filesIn(workDir)).isEmpty();
  }

  @Test
  void givenHeadUnderstatingTheSize_whenDownloaded_thenCutAtCapAndPartialFileRemoved()
      throws Exception {
    raw.on(
        "/liar.mp4",
        (request, socket, out) -> {
          if (request.method().equals("HEAD")) {
            RawHttpServer.head(out, 200, "Content-Type: video/mp4", "Content-Length: 1000");
            return;
          }
          // The GET has no Content-Length and runs until the connection closes.
          RawHttpServer.head(out, 200, "Content-Type: video/mp4");
          byte[] chunk = randomBytes(256 * 1024);
          for (int i = 0; i < 40; i++) {
            out.write(chunk);
          }
        });
    URI url = raw.uri("/liar.mp4");
    Metadata metadata = metadata(url);

    DownloadResult result = download(url, metadata, Quality.BEST);

    assertThat(((DownloadResult.Failed) result).failure().type()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(filesIn(workDir)).isEmpty();
  }

  @Test
  void givenGetAnsweredWithLoginPage_whenDownloaded_thenRefusedAndNothingSaved() throws Exception {
    raw.on(
        "/gated.mp3",
        (request, socket, out) -> {
          if (request.method().equals("HEAD")) {
            RawHttpServer.head(out, 200, "Content-Type: audio/mpeg", "Content-Length: 5000");
            return;
          }
          byte[] page = "<html><form>Sign in</form></html>".getBytes(StandardCharsets.UTF_8);
          RawHttpServer.head(out, 200, "Content-Type: text/html", "Content-Length: " + page.length);
          out.write(page);
        });
    URI url = raw.uri("/gated.mp3");

    DownloadResult result = download(url, metadata(url), Quality.AUDIO_128);

    assertThat(((DownloadResult.Failed) result).failure().type())
        .isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
    assertThat(filesIn(workDir)).isEmpty();
  }

  @Test
  void givenMissingFile_whenMetadataFetched_thenHttpError() throws Exception {
    server.respond("/gone.mp3", new Status(404, "gone"));

    MetadataResult result = downloader.fetchMetadata(server.uri("/gone.mp3"), context);

    DownloadFailure f = ((MetadataResult.Failed) result).failure();
    assertThat(f.type()).isEqualTo(ErrorType.HTTP_ERROR);
    assertThat(f.httpStatus()).contains(404);
  }

  @Test
  void givenRateLimited_whenMetadataFetched_thenRateLimitWithoutRangedRetry() throws Exception {
    server.respond("/busy.mp3", new TooManyRequests(30));

    MetadataResult result = downloader.fetchMetadata(server.uri("/busy.mp3"), context);

    DownloadFailure f = ((MetadataResult.Failed) result).failure();
    assertThat(f.type()).isEqualTo(ErrorType.RATE_LIMIT);
    assertThat(f.retryAfter()).contains(Duration.ofSeconds(30));
    assertThat(server.requests()).hasSize(1);
  }
}
