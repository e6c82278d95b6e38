package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.NullSource;

class FileNamesTest {

  static Stream<Arguments> titles() {
    return Stream.of(
        Arguments.of("Arabic kept", "محاضرة عن الصبر", "محاضرة عن الصبر"),
        Arguments.of(
            "Arabic with Arabic-Indic digits and question mark",
            "تفسير سورة البقرة - الجزء ١؟",
            "تفسير سورة البقرة - الجزء ١؟"),
        Arguments.of("Arabic with harakat", "بِسْمِ اللَّهِ", "بِسْمِ اللَّهِ"),
        Arguments.of("emoji kept", "Cat 🐱 video 🎉", "Cat 🐱 video 🎉"),
        Arguments.of("flag and skin tone kept", "🇸🇦 👍🏽", "🇸🇦 👍🏽"),
        Arguments.of("zero-width joiner removed", "👨\u200D👩\u200D👧 family", "👨👩👧 family"),
        Arguments.of("CJK and Cyrillic kept", "東京 Москва", "東京 Москва"),
        Arguments.of("path traversal", "../../etc/passwd", "etc-passwd"),
        Arguments.of("Windows traversal", "..\\..\\windows\\system32", "windows-system32"),
        Arguments.of("separators", "a/b\\c", "a-b-c"),
        Arguments.of("absolute path", "/etc/shadow", "etc-shadow"),
        Arguments.of("device name", "CON", "_CON"),
        Arguments.of("device name with extension", "con.txt", "_con.txt"),
        Arguments.of("device name any case", "Lpt9.mp4", "_Lpt9.mp4"),
        Arguments.of("device name with superscript digit", "COM¹", "_COM¹"),
        Arguments.of("device name with space before the dot", "nul .mp4", "_nul .mp4"),
        Arguments.of("device name inside a longer word", "CONSOLE", "CONSOLE"),
        Arguments.of("not a device", "COM10", "COM10"),
        Arguments.of("bidi override", "\u202Eexe.mp4", "exe.mp4"),
        Arguments.of("bidi override mid-name", "invoice\u202Egpj.exe", "invoicegpj.exe"),
        Arguments.of(
            "bidi isolates and marks",
            "a\u2066b\u2067c\u2068d\u2069e\u200Ef\u200Fg\u061Ch",
            "abcdefgh"),
        Arguments.of("zero-width and BOM", "zero\u200Bwidth\u200C\uFEFF", "zerowidth"),
        Arguments.of("C0, DEL and C1 controls", "a\u0000b\u0007c\u007Fd\u0085e\u009Ff", "abcdef"),
        Arguments.of("line breaks become spaces", "tab\tand\nnew\r\nline", "tab and new line"),
        Arguments.of(
            "whitespace runs collapse", "  lots   of \u00A0\u2003 space  ", "lots of space"),
        Arguments.of("only dots", "...", FileNames.FALLBACK),
        Arguments.of("one dot", ".", FileNames.FALLBACK),
        Arguments.of("two dots", "..", FileNames.FALLBACK),
        Arguments.of("empty", "", FileNames.FALLBACK),
        Arguments.of("whitespace only", " \t\n\u3000 ", FileNames.FALLBACK),
        Arguments.of("invisible only", "\u200B\u202E\u3164", FileNames.FALLBACK),
        Arguments.of("hidden file", ".bashrc", "bashrc"),
        Arguments.of("leading dot and space", ". hidden", "hidden"),
        Arguments.of("trailing dots and spaces", "the end... ", "the end"),
        Arguments.of("dot runs collapse", "wait... what", "wait. what"),
        Arguments.of("leading dashes", "--help me", "help me"),
        Arguments.of("question mark and star dropped", "What is Islam?*", "What is Islam"),
        Arguments.of("colon", "Lecture 1: Faith", "Lecture 1- Faith"),
        Arguments.of("quotes", "say \"hi\"", "say 'hi'"),
        Arguments.of("angle brackets and pipe", "<b>x|y</b>", "b-x-y--b-"),
        Arguments.of("decomposed accent composes", "Cafe\u0301", "Café"),
        Arguments.of("composes once a zero-width char is gone", "A\u200B\u030A", "Å"),
        Arguments.of("NFC maps en quad to a space", "a\u2000b", "a b"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("titles")
  void givenTitle_whenSanitize_thenExpectedName(String why, String title, String expected) {
    assertThat(FileNames.sanitize(title)).isEqualTo(expected);
  }

  @ParameterizedTest
  @NullSource
  void givenNull_whenSanitize_thenFallback(String title) {
    assertThat(FileNames.sanitize(title)).isEqualTo(FileNames.FALLBACK);
  }

  @Test
  @DisplayName("A 300-byte Arabic title with harakat is cut between letters, never inside one")
  void longArabicTitleIsCutOnAGraphemeBoundary() {
    String verse = "بِسْمِ اللَّهِ الرَّحْمَٰنِ الرَّحِيمِ ";
    String title = verse.repeat(5);
    assertThat(bytes(title)).isGreaterThan(300);

    String name = FileNames.sanitize(title);

    assertThat(bytes(name)).isLessThanOrEqualTo(FileNames.MAX_BYTES).isGreaterThan(130);
    String normalized = Normalizer.normalize(title, Normalizer.Form.NFC);
    assertThat(normalized).startsWith(name);
    char next = normalized.charAt(name.length());
    assertThat(Character.getType(next)).isNotEqualTo(Character.NON_SPACING_MARK);
  }

  @Test
  void givenLongEmojiTitle_whenSanitize_thenNoHalfSurrogatePairOrHalfFlag() {
    String name = FileNames.sanitize("🇸🇦".repeat(40));

    assertThat(bytes(name)).isLessThanOrEqualTo(FileNames.MAX_BYTES);
    assertThat(name).isEqualTo("🇸🇦".repeat(18));
    assertThat(FileNames.sanitize("😀".repeat(100))).isEqualTo("😀".repeat(37));
  }

  @Test
  void givenOneClusterLongerThanTheLimit_whenSanitize_thenCutBetweenCodePointsKeepingTheBase() {
    String name = FileNames.sanitize("a" + "\u0301".repeat(200));

    assertThat(name).startsWith("á");
    assertThat(bytes(name)).isBetween(FileNames.MAX_BYTES - 1, FileNames.MAX_BYTES);
  }

  @Test
  void givenDeviceNameLeftByTheCut_whenSanitize_thenStillPrefixed() {
    // "AUX " then one cluster too large to fit: the cut leaves "AUX".
    String name = FileNames.sanitize("AUX " + "a" + "\u0301".repeat(200));

    assertThat(name).isEqualTo("_AUX");
  }

  static Stream<Arguments> withMediaId() {
    return Stream.of(
        Arguments.of("محاضرة", "dQw4w9WgXcQ", "mp4", "محاضرة [dQw4w9WgXcQ].mp4"),
        Arguments.of("Talk", "abc", "MP4", "Talk [abc].mp4"),
        Arguments.of("Talk", "abc", ".M4a!", "Talk [abc].m4a"),
        Arguments.of("Talk", "", "mp3", "Talk.mp3"),
        Arguments.of("Talk", null, null, "Talk"),
        Arguments.of("Talk", "abc", "", "Talk [abc]"),
        Arguments.of(null, null, "mp4", "media.mp4"),
        Arguments.of("CON", "", "mp4", "_CON.mp4"),
        Arguments.of("x", "../../etc", "mp4", "x [etc].mp4"),
        Arguments.of("x", "a]b[c", "mp4", "x [a)b(c].mp4"),
        Arguments.of("x", "id", "../../sh", "x [id].sh"),
        Arguments.of("x", "id", "верх", "x [id]"));
  }

  @ParameterizedTest(name = "{0} / {1} / {2}")
  @MethodSource
  void withMediaId(String title, String mediaId, String ext, String expected) {
    assertThat(FileNames.withMediaId(title, mediaId, ext)).isEqualTo(expected);
  }

  @Test
  void givenLongTitle_whenWithMediaId_thenTitleShortenedAndIdAndExtensionKept() {
    String name = FileNames.withMediaId("الرَّحْمَٰنِ ".repeat(30), "dQw4w9WgXcQ", "m4a");

    assertThat(bytes(name)).isLessThanOrEqualTo(FileNames.MAX_BYTES);
    assertThat(name).endsWith(" [dQw4w9WgXcQ].m4a").startsWith("الرَّحْمَٰنِ");
  }

  @Test
  void givenVeryLongMediaIdAndExtension_whenWithMediaId_thenBothCappedAndTitleKeepsRoom() {
    String name = FileNames.withMediaId("Talk", "x".repeat(500), "abcdefghijklmnop");

    assertThat(name).isEqualTo("Talk [" + "x".repeat(64) + "].abcdefghij");
  }

  @Test
  void givenArchiveName_whenNumbered_thenCounterBeforeTheExtension() {
    assertThat(FileNames.numbered("Talk [abc].mp4", 2)).isEqualTo("Talk [abc] (2).mp4");
    assertThat(FileNames.numbered("no extension", 3)).isEqualTo("no extension (3)");
    assertThat(FileNames.numbered("v1.5 final", 2)).isEqualTo("v1.5 final (2)");
  }

  @Test
  void givenNameAtTheLimit_whenNumbered_thenStemShortenedToFit() {
    String full = FileNames.withMediaId("ع".repeat(200), "id", "mp4");
    assertThat(bytes(full)).isGreaterThan(FileNames.MAX_BYTES - 4);

    String numbered = FileNames.numbered(full, 12);

    assertThat(bytes(numbered)).isLessThanOrEqualTo(FileNames.MAX_BYTES);
    assertThat(numbered).startsWith("ععع").endsWith(" [id] (12).mp4");
  }

  @Test
  void givenCounterBelowTwo_whenNumbered_thenRefused() {
    assertThatThrownBy(() -> FileNames.numbered("a.mp4", 1))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static int bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  @Test
  void playlistItemsAreNumberedWithAtLeastTwoDigitsSoTheySortInOrder() {
    assertThat(FileNames.playlistItem(1, 5, "Lesson: one", "m4a"))
        .isEqualTo("01 - Lesson- one.m4a");
    assertThat(FileNames.playlistItem(7, 120, "Seven", "mp4")).isEqualTo("007 - Seven.mp4");
    assertThat(FileNames.playlistItem(3, 9, null, "m4a")).isEqualTo("03 - media.m4a");
  }

  @Test
  void aLongPlaylistItemTitleIsShortenedAndItsNumberKept() {
    String name = FileNames.playlistItem(12, 40, "درس ".repeat(80), "m4a");
    assertThat(name).startsWith("12 - ").endsWith(".m4a");
    assertThat(name.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(FileNames.MAX_BYTES);
    assertThat(FileNames.sanitize(name)).isEqualTo(name);
  }

  @Test
  void aPlaylistPositionOutsideItsTotalIsABug() {
    assertThatThrownBy(() -> FileNames.playlistItem(0, 5, "x", "m4a"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> FileNames.playlistItem(6, 5, "x", "m4a"))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
