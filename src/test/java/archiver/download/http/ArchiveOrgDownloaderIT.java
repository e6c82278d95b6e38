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
import archiver.download.Metadata;
import archiver.download.MetadataResult;
import archiver.download.ProgressListener;
import archiver.testing.LocalMediaServer;
import archiver.testing.LocalMediaServer.RecordedRequest;
import archiver.testing.TestMedia;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Archive.org's metadata API and download URLs, served from 127.0.0.1 as the base URL. */
class ArchiveOrgDownloaderIT {

  private static final String ID = "lectures-on-character";
  private static final long MAX = 50_000_000;

  @TempDir static Path clips;
  private static byte[] mp3;
  private static byte[] jpeg;
  private static byte[] audioItemJson;

  @TempDir Path workDir;

  private LocalMediaServer server;
  private GuardedHttp http;
  private ArchiveOrgDownloader downloader;
  private DownloadContext context;

  @BeforeAll
  static void makeMedia() throws IOException {
    mp3 = Files.readAllBytes(TestMedia.mp3(clips, 2));
    jpeg = Files.readAllBytes(TestMedia.jpeg(clips, 160, 160));
    try (InputStream in =
        ArchiveOrgDownloaderIT.class.getResourceAsStream("/archive/audio-item.json")) {
      audioItemJson = in.readAllBytes();
    }
  }

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
    http = HttpTesting.localHttp();
    downloader =
        new ArchiveOrgDownloader(http, URI.create(server.baseUrl()), Duration.ofSeconds(10));
    context = HttpTesting.context(workDir);
    server.serve("/metadata/" + ID, audioItemJson, "application/json");
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private Metadata metadata(String link) throws InterruptedException {
    MetadataResult result = downloader.fetchMetadata(URI.create(link), context);
    assertThat(result).isInstanceOf(MetadataResult.Fetched.class);
    return ((MetadataResult.Fetched) result).metadata();
  }

  private DownloadResult download(String link, Metadata metadata, Quality quality, long max)
      throws InterruptedException {
    CapabilityResult check = downloader.check(metadata, quality, max);
    assertThat(check).isInstanceOf(CapabilityResult.Capable.class);
    return downloader.download(
        URI.create(link),
        new DownloadOptions(
            metadata, (CapabilityResult.Capable) check, quality, max, ProgressListener.none()),
        context);
  }

  @Test
  void givenItemLink_whenAudioJob_thenBestMp3DownloadedWithItemPictureAsCover() throws Exception {
    server.serve("/download/" + ID + "/01 Patience.mp3", mp3, "audio/mpeg");
    server.serve("/download/" + ID + "/__ia_thumb.jpg", jpeg, "image/jpeg");
    String link = "https://archive.org/details/" + ID;

    Metadata metadata = metadata(link);
    assertThat(metadata.title()).isEqualTo("Lectures on Character");
    assertThat(metadata.performer()).contains("Sheikh A, Sheikh B");
    assertThat(metadata.mediaId()).contains(ID);
    assertThat(metadata.durationSeconds()).hasValue(600.5);
    assertThat(metadata.thumbnailUrl())
        .contains(server.baseUrl() + "/download/" + ID + "/__ia_thumb.jpg");

    DownloadResult.Downloaded done =
        (DownloadResult.Downloaded) download(link, metadata, Quality.AUDIO_BEST, MAX);

    assertThat(done.file()).isEqualTo(workDir.resolve("media.mp3"));
    assertThat(Files.readAllBytes(done.file())).isEqualTo(mp3);
    assertThat(done.thumbnail()).contains(workDir.resolve("cover.jpg"));
    assertThat(Files.readAllBytes(done.thumbnail().orElseThrow())).isEqualTo(jpeg);
    assertThat(server.requestsFor("/download/" + ID + "/01 Patience.mp3"))
        .extracting(RecordedRequest::method)
        .containsExactly("HEAD", "GET");
  }

  @Test
  void givenDownloadLinkNamingFileInSubfolder_whenFetched_thenExactlyThatFile() throws Exception {
    server.serve("/download/" + ID + "/Extras/Q&A session.mp3", mp3, "application/octet-stream");
    String link = "https://archive.org/download/" + ID + "/Extras/Q%26A%20session.mp3";

    Metadata metadata = metadata(link);
    assertThat(metadata.title()).isEqualTo("Q&A session");
    assertThat(metadata.sizeBytes()).hasValue(9_600_000);

    DownloadResult.Downloaded done =
        (DownloadResult.Downloaded) download(link, metadata, Quality.AUDIO_64, MAX);

    assertThat(Files.readAllBytes(done.file())).isEqualTo(mp3);
    assertThat(done.file().getFileName().toString()).isEqualTo("media.mp3");
    // The cover is a nicety: the item lists one, the server has none, the job still succeeds.
    assertThat(done.thumbnail()).isEmpty();
  }

  @Test
  void givenEveryFileOverTheLimit_whenChecked_thenSizeLimitWithoutTouchingAnyFile()
      throws Exception {
    Metadata metadata = metadata("https://archive.org/details/" + ID);

    CapabilityResult check = downloader.check(metadata, Quality.AUDIO_BEST, 4_000_000);

    DownloadFailure f = ((CapabilityResult.Incapable) check).failure();
    assertThat(f.type()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(server.requestedPaths()).containsExactly("/metadata/" + ID);
  }

  @Test
  void givenListingUnderstatingTheSize_whenDownloaded_thenHeadRefusesItWithoutGet()
      throws Exception {
    String id = "small-listing";
    String json =
        """
        {"metadata": {"title": "Talk"},
         "files": [{"name": "talk.mp3", "source": "original", "format": "VBR MP3", "size": "1000"}]}
        """;
    server.serve("/metadata/" + id, json.getBytes(StandardCharsets.UTF_8), "application/json");
    server.serve("/download/" + id + "/talk.mp3", mp3, "audio/mpeg");
    String link = "https://archive.org/details/" + id;
    Metadata metadata = metadata(link);

    CapabilityResult.Capable plan =
        (CapabilityResult.Capable) downloader.check(metadata, Quality.AUDIO_128, 10_000);
    DownloadResult result =
        downloader.download(
            URI.create(link),
            new DownloadOptions(metadata, plan, Quality.AUDIO_128, 10_000, ProgressListener.none()),
            context);

    assertThat(((DownloadResult.Failed) result).failure().type()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(server.requestsFor("/download/" + id + "/talk.mp3"))
        .extracting(RecordedRequest::method)
        .containsExactly("HEAD");
    assertThat(filesIn(workDir)).isEmpty();
  }

  @Test
  void givenUnknownIdentifier_whenFetched_thenHttpError() throws Exception {
    server.serve(
        "/metadata/no-such-item", "{}".getBytes(StandardCharsets.UTF_8), "application/json");

    MetadataResult result =
        downloader.fetchMetadata(URI.create("https://archive.org/details/no-such-item"), context);

    DownloadFailure f = ((MetadataResult.Failed) result).failure();
    assertThat(f.type()).isEqualTo(ErrorType.HTTP_ERROR);
    assertThat(f.message()).contains("no item");
  }

  @Test
  void givenDarkItem_whenFetched_thenContentUnavailable() throws Exception {
    // What the metadata API answers for an item taken down ("dark"): no files, only the flag.
    server.serve(
        "/metadata/taken-down",
        "{\"created\": 1764000000, \"is_dark\": true, \"metadata\": {\"identifier\": \"taken-down\"}}"
            .getBytes(StandardCharsets.UTF_8),
        "application/json");

    MetadataResult result =
        downloader.fetchMetadata(URI.create("https://archive.org/details/taken-down"), context);

    DownloadFailure f = ((MetadataResult.Failed) result).failure();
    assertThat(f.type()).isEqualTo(ErrorType.CONTENT_UNAVAILABLE);
    assertThat(f.message()).contains("no longer available");
  }

  @Test
  void givenBrokenJson_whenFetched_thenExtractorError() throws Exception {
    server.serve(
        "/metadata/broken", "{\"files\": [".getBytes(StandardCharsets.UTF_8), "application/json");

    MetadataResult result =
        downloader.fetchMetadata(URI.create("https://archive.org/details/broken"), context);

    assertThat(((MetadataResult.Failed) result).failure().type())
        .isEqualTo(ErrorType.EXTRACTOR_ERROR);
  }

  @Test
  void givenAudioItem_whenVideoJob_thenFormatNotFound() throws Exception {
    Metadata metadata = metadata("https://archive.org/details/" + ID);

    CapabilityResult check = downloader.check(metadata, Quality.P720, MAX);

    assertThat(((CapabilityResult.Incapable) check).failure().type())
        .isEqualTo(ErrorType.FORMAT_NOT_FOUND);
  }

  @Test
  void givenLinkThatIsNoItem_whenFetched_thenUnsupportedWithoutRequest() throws Exception {
    MetadataResult result =
        downloader.fetchMetadata(URI.create("https://archive.org/search?query=x"), context);

    assertThat(((MetadataResult.Failed) result).failure().type())
        .isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
    assertThat(server.requests()).isEmpty();
  }
}
