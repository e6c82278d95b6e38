package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.testing.ArchiverJar;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code archiver fetch} as an operator runs it: the real jar, yt-dlp, ffmpeg, a local server. */
class FetchIT {

  @TempDir Path dir;

  private ArchiverJar jar() throws Exception {
    Files.writeString(
        dir.resolve("config.yaml"),
        "security: { allow_private_addresses: true, allow_http: true }\n");
    return new ArchiverJar(dir, Map.of());
  }

  @Test
  void givenVp9WebmOnLocalServer_whenFetch_thenTelegramReadyMp4AndItsFactsArePrinted()
      throws Exception {
    Path webm = TestMedia.vp9OpusWebm(Files.createDirectories(dir.resolve("media")), 3, 320, 240);
    try (LocalMediaServer server = LocalMediaServer.start()) {
      server.serve("/clip.webm", webm, "video/webm");

      ArchiverJar.Run run = jar().run("fetch", server.baseUrl() + "/clip.webm", "--out", "out");

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.stdout())
          .contains("title: clip")
          .containsPattern("file: .*/out/clip\\.mp4")
          .containsPattern("duration: 3\\.\\d s")
          .contains("codecs: h264 320x240 + aac")
          .contains("reencoded: true")
          .contains("faststart: true");
      assertThat(run.stderr())
          .contains(
              "METADATA_FETCH_STARTED",
              "DOWNLOAD_FINISHED",
              "POSTPROCESS_FINISHED",
              "OUTPUT_VALIDATED");
      assertThat(dir.resolve("out/clip.mp4")).isRegularFile();
      assertThat(dir.resolve("data/tmp")).isEmptyDirectory();
    }
  }

  @Test
  void givenVp9Webm_whenFetchAsFile_thenTheOriginalBytesComeUnconverted() throws Exception {
    Path webm = TestMedia.vp9OpusWebm(Files.createDirectories(dir.resolve("media")), 2, 320, 240);
    try (LocalMediaServer server = LocalMediaServer.start()) {
      server.serve("/clip.webm", webm, "video/webm");

      ArchiverJar.Run run =
          jar().run("fetch", server.baseUrl() + "/clip.webm", "--file", "--out", "out");

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.stdout())
          .containsPattern("file: .*/out/clip\\.webm")
          .contains("reencoded: false", "as_file: true");
      assertThat(dir.resolve("out/clip.webm")).hasSameBinaryContentAs(webm);
    }
  }

  @Test
  void givenAFileOverTheLimit_whenFetch_thenThePlanIsPrintedBeforeTheDownload() throws Exception {
    Path mp4 = TestMedia.h264AacMp4(Files.createDirectories(dir.resolve("media")), 6, 320, 240);
    Files.writeString(
        dir.resolve("config.yaml"),
        "security: { allow_private_addresses: true, allow_http: true }\n"
            + "limits: { max_file_size_bytes: "
            + (Files.size(mp4) / 2 + 1)
            + " }\n");
    try (LocalMediaServer server = LocalMediaServer.start()) {
      server.serve("/clip.mp4", mp4, "video/mp4");

      ArchiverJar.Run run =
          new ArchiverJar(dir, Map.of())
              .run("fetch", server.baseUrl() + "/clip.mp4", "--out", "out");

      assertThat(run.exitCode()).as(run.all()).isZero();
      assertThat(run.stderr())
          .containsPattern("plan: over the .* limit: sent in about 2 parts of at most");
      assertThat(run.stderr().indexOf("plan:"))
          .isLessThan(run.stderr().indexOf("DOWNLOAD_STARTED"));
      assertThat(run.stdout()).containsPattern("parts: [2-9]").contains("--- part 1/");
    }
  }

  @Test
  void givenAudioAndFile_whenFetch_thenUsageError() throws Exception {
    ArchiverJar.Run run = jar().run("fetch", "https://youtu.be/dQw4w9WgXcQ", "--audio", "--file");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--audio and --file exclude each other");
  }

  @Test
  void givenMissingFile_whenFetch_thenErrorTypeIsPrintedAndExitIsNonZero() throws Exception {
    try (LocalMediaServer server = LocalMediaServer.start()) {
      server.respond("/gone.mp4", new LocalMediaServer.Status(404, "not here"));

      ArchiverJar.Run run = jar().run("fetch", server.baseUrl() + "/gone.mp4");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stdout()).contains("error_type: HTTP_ERROR").contains("http_status: 404");
    }
  }

  @Test
  void givenPrivateAddressWithDefaultConfig_whenFetch_thenRefusedBeforeAnyRequest()
      throws Exception {
    try (LocalMediaServer server = LocalMediaServer.start()) {
      server.serve("/clip.mp4", new byte[] {1, 2, 3}, "video/mp4");

      ArchiverJar.Run run =
          new ArchiverJar(dir, Map.of()).run("fetch", server.baseUrl() + "/clip.mp4");

      assertThat(run.exitCode()).isEqualTo(1);
      assertThat(run.stderr()).contains("refused:");
      assertThat(server.requests()).isEmpty();
    }
  }

  @Test
  void givenAudioQualityWithoutAudioFlag_whenFetch_thenUsageError() throws Exception {
    ArchiverJar.Run run =
        jar().run("fetch", "https://youtu.be/dQw4w9WgXcQ", "--quality", "audio_64");
    assertThat(run.exitCode()).isEqualTo(2);
    assertThat(run.stderr()).contains("--quality audio_64 is not a video quality");
  }
}
