package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.Quality;
import archiver.download.CapabilityResult;
import java.net.URI;
import java.util.OptionalLong;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The capability check of a direct file, from what HEAD said. */
class DirectFileCheckTest {

  private static final long LIMIT = 50_000_000;

  @ParameterizedTest(name = "{0} {1} ({2} bytes) as {3} -> {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "audio/mpeg                  | talk.mp3     | 1000      | AUDIO_128 | CAPABLE",
        "video/mp4                   | clip.mp4     | 1000      | P720      | CAPABLE",
        "video/mp4                   | clip.mp4     | 1000      | AUDIO_64  | CAPABLE",
        "''                          | clip.webm    | 1000      | BEST      | CAPABLE",
        "application/octet-stream    | clip.mkv     | 1000      | BEST      | CAPABLE",
        "binary/octet-stream         | talk.m4a     | -1        | AUDIO_128 | CAPABLE",
        "audio/mpeg                  | talk.mp3     | 1000      | P720      | FORMAT_NOT_FOUND",
        "application/octet-stream    | talk.opus    | 1000      | BEST      | FORMAT_NOT_FOUND",
        "text/html; charset=utf-8    | talk.mp3     | 1000      | AUDIO_128 | UNSUPPORTED_SOURCE",
        "application/x-mpegurl       | live.m3u8    | 1000      | BEST      | UNSUPPORTED_SOURCE",
        "audio/x-mpegurl             | radio.m3u    | 1000      | AUDIO_128 | UNSUPPORTED_SOURCE",
        "application/octet-stream    | setup.exe    | 1000      | BEST      | UNSUPPORTED_SOURCE",
        "application/pdf             | book.pdf     | 1000      | AUDIO_128 | UNSUPPORTED_SOURCE",
        "image/jpeg                  | clip.mp4     | 1000      | BEST      | UNSUPPORTED_SOURCE",
        "video/mp4                   | clip.mp4     | 50000001  | BEST      | SIZE_LIMIT",
        "video/mp4                   | clip.mp4     | 50000000  | BEST      | CAPABLE",
      })
  void givenHeadFacts_whenChecked_thenCapableOrRefused(
      String contentType, String fileName, long size, Quality quality, String expected) {
    DirectFile file =
        new DirectFile(
            URI.create("https://cdn.example.com/" + fileName),
            size < 0 ? OptionalLong.empty() : OptionalLong.of(size),
            MediaTypes.baseType(contentType),
            fileName,
            RemoteNames.extensionOf(fileName));
    CapabilityResult result = DirectHttpDownloader.checkFile(file, quality, LIMIT);
    String outcome =
        switch (result) {
          case CapabilityResult.Capable c -> "CAPABLE";
          case CapabilityResult.Incapable i -> i.failure().type().name();
        };
    assertThat(outcome).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} as {1}: transcode {2}")
  @CsvSource({
    "clip.mp4, P720, false",
    "clip.webm, P720, true",
    "talk.mp3, AUDIO_128, false",
    "talk.ogg, AUDIO_128, true",
    "clip.mp4, AUDIO_128, false"
  })
  void givenContainer_whenChecked_thenTranscodeMarkedWhenSure(
      String fileName, Quality quality, boolean transcode) {
    DirectFile file =
        new DirectFile(
            URI.create("https://cdn.example.com/" + fileName),
            OptionalLong.of(10),
            "",
            fileName,
            RemoteNames.extensionOf(fileName));
    CapabilityResult.Capable capable =
        (CapabilityResult.Capable) DirectHttpDownloader.checkFile(file, quality, LIMIT);
    assertThat(capable.needsTranscode()).isEqualTo(transcode);
  }
}
