package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.domain.Quality;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The choice table over Archive.org metadata documents shaped like the real API's. */
class ArchiveChooserTest {

  private static final long MB = 1_000_000;

  static ArchiveItem item(String resource, String identifier) {
    try (InputStream in = ArchiveChooserTest.class.getResourceAsStream("/archive/" + resource)) {
      return ArchiveItem.parse(identifier, new ObjectMapper().readTree(in)).orElseThrow();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @ParameterizedTest(name = "{0} {1} within {2} MB -> {3}")
  @CsvSource(
      delimiter = '|',
      value = {
        // Audio: MP3 first; the bitrate nearest the quality from below; FLAC never while MP3 fits.
        "audio-item.json | AUDIO_BEST | 50   | 01 Patience.mp3",
        "audio-item.json | AUDIO_128  | 50   | 01 Patience_64kb.mp3",
        "audio-item.json | AUDIO_64   | 50   | 01 Patience_64kb.mp3",
        // The VBR MP3 (12 MB) is too big: the 64 kbit/s MP3 still beats Ogg Vorbis.
        "audio-item.json | AUDIO_BEST | 10   | 01 Patience_64kb.mp3",
        // Video: MP4 family, the height nearest the quality from below.
        "video-item.json | BEST       | 2000 | film_hd.mp4",
        "video-item.json | P720       | 2000 | film_hd.mp4",
        "video-item.json | P480       | 2000 | film.mp4",
        "video-item.json | P360       | 2000 | film_512kb.mp4",
        "video-item.json | BEST       | 500  | film.mp4",
        "video-item.json | BEST       | 240  | film_512kb.mp4",
        // Only the Ogg video fits: still better than nothing.
        "video-item.json | BEST       | 229  | film.ogv",
        // An audio job on a video item takes the sound from the smallest MP4.
        "video-item.json | AUDIO_128  | 2000 | film_512kb.mp4",
        "video-item.json | AUDIO_BEST | 2000 | film_hd.mp4",
      })
  void givenItem_whenChoosing_thenBestFileForQualityAndLimit(
      String resource, Quality quality, long maxMb, String expected) {
    ArchiveChooser.Choice choice =
        ArchiveChooser.choose(item(resource, "x"), Optional.empty(), quality, maxMb * MB);
    assertThat(choice).isInstanceOf(ArchiveChooser.Chosen.class);
    assertThat(((ArchiveChooser.Chosen) choice).file().name()).isEqualTo(expected);
  }

  @ParameterizedTest(name = "{0} {1} {2} within {3} MB -> {4}")
  @CsvSource(
      delimiter = '|',
      value = {
        "audio-item.json      | -                              | P720       | 50   |"
            + " FORMAT_NOT_FOUND",
        "audio-item.json      | -                              | AUDIO_BEST | 4    | SIZE_LIMIT",
        "video-item.json      | -                              | BEST       | 150  | SIZE_LIMIT",
        "restricted-item.json | -                              | AUDIO_BEST | 50   |"
            + " PROTECTED_CONTENT",
        "audio-item.json      | 02 Gratitude.mp3               | P720       | 50   |"
            + " FORMAT_NOT_FOUND",
        "audio-item.json      | 02 Gratitude.mp3               | AUDIO_BEST | 10   | SIZE_LIMIT",
        "audio-item.json      | lectures-on-character_meta.xml | AUDIO_BEST | 50   |"
            + " UNSUPPORTED_SOURCE",
        "audio-item.json      | 03 Missing.mp3                 | AUDIO_BEST | 50   | HTTP_ERROR",
        "restricted-item.json | book.mp3                       | AUDIO_BEST | 50   |"
            + " PROTECTED_CONTENT",
      })
  void givenItemWithNothingSuitable_whenChoosing_thenRefusedWithType(
      String resource, String named, Quality quality, long maxMb, ErrorType expected) {
    Optional<String> file = named.equals("-") ? Optional.empty() : Optional.of(named);
    ArchiveChooser.Choice choice =
        ArchiveChooser.choose(item(resource, "x"), file, quality, maxMb * MB);
    assertThat(choice).isInstanceOf(ArchiveChooser.Refused.class);
    assertThat(((ArchiveChooser.Refused) choice).failure().type()).isEqualTo(expected);
  }

  @Test
  void givenNamedFileInSubfolder_whenChoosing_thenExactlyThatFile() {
    ArchiveChooser.Choice choice =
        ArchiveChooser.choose(
            item("audio-item.json", "x"),
            Optional.of("Extras/Q&A session.mp3"),
            Quality.AUDIO_64,
            50 * MB);
    assertThat(((ArchiveChooser.Chosen) choice).file().name()).isEqualTo("Extras/Q&A session.mp3");
  }

  @Test
  void givenItemWithSeveralUploads_whenChoosing_thenFirstUploadByNameAndCountReported() {
    ArchiveChooser.Chosen chosen =
        (ArchiveChooser.Chosen)
            ArchiveChooser.choose(
                item("audio-item.json", "x"), Optional.empty(), Quality.AUDIO_BEST, 50 * MB);
    assertThat(chosen.file().group()).isEqualTo("01 Patience.flac");
    assertThat(chosen.groupCount()).isEqualTo(3);
  }

  @Test
  void givenApiDocument_whenParsed_thenLooseTypesRead() {
    ArchiveItem audio = item("audio-item.json", "lectures-on-character");
    assertThat(audio.title()).contains("Lectures on Character");
    assertThat(audio.creator()).contains("Sheikh A, Sheikh B");
    ArchiveFile gratitude = audio.file("02 Gratitude.flac").orElseThrow();
    assertThat(gratitude.lengthSeconds()).hasValue(750.0);
    assertThat(gratitude.sizeBytes()).hasValue(40_000_000);
    ArchiveFile vbr = audio.file("01 Patience.mp3").orElseThrow();
    assertThat(vbr.kbps()).hasValue(160);
    assertThat(vbr.original()).isFalse();
    assertThat(vbr.title()).contains("Patience");
    assertThat(item("video-item.json", "old-film").creator()).contains("Studio X");
  }

  @Test
  void givenEmptyDocumentOfUnknownIdentifier_whenParsed_thenNoItem() throws IOException {
    assertThat(ArchiveItem.parse("nope", new ObjectMapper().readTree("{}"))).isEmpty();
  }

  @ParameterizedTest(name = "\"{0}\" -> {1} s")
  @CsvSource({"600.5, 600.5", "12:30, 750", "1:02:03, 3723", "'', -1", "abc, -1", "0, -1"})
  void givenLengthText_whenParsed_thenSeconds(String text, double seconds) {
    if (seconds < 0) {
      assertThat(ArchiveFile.lengthOf(text)).isEmpty();
    } else {
      assertThat(ArchiveFile.lengthOf(text)).hasValue(seconds);
    }
  }
}
