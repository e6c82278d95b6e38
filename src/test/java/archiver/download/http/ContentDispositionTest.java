package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** RFC 6266 file names, with RFC 8187 {@code filename*}, as servers really send them. */
class ContentDispositionTest {

  private static final String LECTURE_IN_ARABIC = "محاضرة الفجر.mp3";
  private static final String LECTURE_PERCENT_ENCODED =
      "%D9%85%D8%AD%D8%A7%D8%B6%D8%B1%D8%A9%20%D8%A7%D9%84%D9%81%D8%AC%D8%B1.mp3";

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "attachment; filename=\"talk.mp3\" | talk.mp3",
        "attachment; filename=talk.mp3 | talk.mp3",
        "attachment;filename=talk.mp3 | talk.mp3",
        "attachment; filename = \"talk.mp3\" | talk.mp3",
        "attachment; filename=My Talk.mp3 | My Talk.mp3",
        "inline; filename=\"a \\\"quoted\\\" name.mp3\" | a \"quoted\" name.mp3",
        "attachment; filename=\"part 1; part 2.mp3\" | part 1; part 2.mp3",
        "attachment; FILENAME=\"UPPER.MP3\" | UPPER.MP3",
        "attachment; size=123; filename=talk.mp3 | talk.mp3",
        "attachment; foo; filename=talk.mp3 | talk.mp3",
        "attachment; filename=first.mp3; filename=second.mp3 | first.mp3",
        "attachment; filename=\"../../etc/passwd\" | passwd",
        "attachment; filename=\"C:\\\\media\\\\talk.mp3\" | talk.mp3",
      })
  void givenPlainFilename_whenParsed_thenQuotedAndUnquotedFormsGiveTheName(
      String header, String name) {
    assertThat(ContentDisposition.fileName(header)).contains(name);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "attachment; filename=\"fallback.mp3\"; filename*=UTF-8''%D8%AF%D8%B1%D8%B3.mp3 | درس.mp3",
        "attachment; filename*=UTF-8''%E2%82%AC%20rates.mp4; filename=\"rates.mp4\" | € rates.mp4",
        "attachment; filename*=utf-8''%D8%AF%D8%B1%D8%B3.mp3 | درس.mp3",
        "attachment; filename*=UTF-8'ar'%D8%AF%D8%B1%D8%B3.mp3 | درس.mp3",
        "attachment; filename*=\"UTF-8''%D8%AF%D8%B1%D8%B3.mp3\" | درس.mp3",
        "attachment; filename*=iso-8859-1'en'%A3%20rates.mp3 | £ rates.mp3",
        "attachment; filename*=UTF-8''..%2F..%2Fetc%2Fpasswd | passwd",
      })
  void givenExtendedFilename_whenParsed_thenItsDecodedValueWins(String header, String name) {
    assertThat(ContentDisposition.fileName(header)).contains(name);
  }

  @Test
  void givenArabicFilenameStarAndAsciiFallback_whenParsed_thenTheArabicNameWins() {
    String header =
        "attachment; filename=\"lecture.mp3\"; filename*=UTF-8''" + LECTURE_PERCENT_ENCODED;

    assertThat(ContentDisposition.fileName(header)).contains(LECTURE_IN_ARABIC);
  }

  @Test
  void givenArabicFilenameStarBeforeTheFallback_whenParsed_thenTheArabicNameStillWins() {
    String header =
        "attachment; filename*=UTF-8''" + LECTURE_PERCENT_ENCODED + "; filename=lecture.mp3";

    assertThat(ContentDisposition.fileName(header)).contains(LECTURE_IN_ARABIC);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        // not UTF-8: a lone continuation byte and a truncated sequence
        "attachment; filename*=UTF-8''%80abc.mp3; filename=fallback.mp3 | fallback.mp3",
        "attachment; filename*=UTF-8''%D9.mp3; filename=fallback.mp3 | fallback.mp3",
        "attachment; filename*=no-such-charset''abc.mp3; filename=fallback.mp3 | fallback.mp3",
        "attachment; filename*=abc.mp3; filename=fallback.mp3 | fallback.mp3",
        "attachment; filename*=UTF-8''; filename=fallback.mp3 | fallback.mp3",
      })
  void givenUndecodableFilenameStar_whenParsed_thenThePlainFilenameIsUsed(
      String header, String name) {
    assertThat(ContentDisposition.fileName(header)).contains(name);
  }

  @ParameterizedTest(name = "{0} has no file name")
  @CsvSource(
      delimiter = '|',
      value = {
        "inline",
        "attachment",
        "attachment;",
        "attachment; filename=\"\"",
        "attachment; filename=..",
        "attachment; filename*=UTF-8''%80",
        "''"
      })
  void givenContentDispositionWithoutName_whenParsed_thenEmpty(String header) {
    assertThat(ContentDisposition.fileName(header)).isEmpty();
  }
}
