package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * ISSUE 4: on arbitrary Unicode, {@link FileNames} never returns a name that escapes its folder or
 * breaks a naming rule. Runs under surefire's default {@code *Test} pattern, hence the name.
 */
class FileNamesPropertiesTest {

  private static final Path ROOT = Path.of("/srv/archive/youtube/2026/11/42");

  private static final Set<String> DEVICE_NAMES =
      Set.of(
          "con", "prn", "aux", "nul", "conin$", "conout$", "com0", "com1", "com2", "com3", "com4",
          "com5", "com6", "com7", "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2",
          "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³");

  @Property(tries = 2000)
  @Label("sanitize keeps every rule on hostile text")
  void sanitizeKeepsTheRulesOnHostileText(@ForAll("hostileText") String title) {
    assertFollowsTheRules(FileNames.sanitize(title));
  }

  @Property
  @Label("sanitize keeps every rule on jqwik's own strings")
  void sanitizeKeepsTheRulesOnAnyString(@ForAll String title) {
    assertFollowsTheRules(FileNames.sanitize(title));
  }

  @Property
  @Label("sanitize applied to its own result changes nothing")
  void sanitizeIsIdempotent(@ForAll("hostileText") String title) {
    String once = FileNames.sanitize(title);
    assertThat(FileNames.sanitize(once)).isEqualTo(once);
  }

  @Property
  @Label("withMediaId keeps every rule and keeps a clean extension")
  void withMediaIdKeepsTheRules(
      @ForAll("hostileText") String title,
      @ForAll("hostileText") String mediaId,
      @ForAll("hostileText") String ext) {
    String name = FileNames.withMediaId(title, mediaId, ext);

    assertFollowsTheRules(name);
    assertThat(FileNames.sanitize(name)).isEqualTo(name);
    String cleanExt = ext.replaceAll("[^A-Za-z0-9]", "").toLowerCase(Locale.ROOT);
    if (!cleanExt.isEmpty()) {
      assertThat(name).endsWith("." + cleanExt.substring(0, Math.min(10, cleanExt.length())));
    }
  }

  @Property
  @Label("numbered keeps every rule for any counter")
  void numberedKeepsTheRules(
      @ForAll("hostileText") String title,
      @ForAll("hostileText") String mediaId,
      @ForAll @IntRange(min = 2, max = Integer.MAX_VALUE) int n) {
    String name = FileNames.numbered(FileNames.withMediaId(title, mediaId, "mp4"), n);

    assertFollowsTheRules(name);
    assertThat(name).endsWith(" (" + n + ").mp4");
  }

  /**
   * Code points weighted towards trouble: dots, separators, Windows-reserved characters, controls,
   * bidi and zero-width characters, lone surrogates, combining marks, Arabic, emoji and flags,
   * device names, white space of every kind, and anything at all.
   */
  @Provide
  Arbitrary<String> hostileText() {
    Arbitrary<String> piece =
        Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of(".", "..", "/", "\\", " ", "-", "_")),
            Tuple.of(3, Arbitraries.of("<", ">", ":", "\"", "|", "?", "*", "[", "]", "(", ")")),
            Tuple.of(2, codePoints(0x00, 0x1F)),
            Tuple.of(2, codePoints(0x7F, 0x9F)),
            Tuple.of(
                3,
                Arbitraries.of(
                    "\u202A", "\u202B", "\u202C", "\u202D", "\u202E", "\u2066", "\u2067", "\u2068",
                    "\u2069", "\u200E", "\u200F", "\u061C", "\u200B", "\u200C", "\u200D",
                    "\uFEFF")),
            Tuple.of(
                3,
                Arbitraries.of(
                    "\t", "\n", "\r", "\u00A0", "\u2000", "\u2003", "\u2028", "\u3000", "\u202F",
                    "\u3164")),
            Tuple.of(2, codePoints(0xD800, 0xDFFF)),
            Tuple.of(4, codePoints(0x0300, 0x036F)),
            Tuple.of(8, codePoints(0x0600, 0x06FF)),
            Tuple.of(4, codePoints(0x1F300, 0x1FAFF)),
            Tuple.of(2, codePoints(0x1F1E6, 0x1F1FF)),
            Tuple.of(
                2, Arbitraries.of("CON", "con.", "Aux", "NUL", "com1", "LPT9", "COM¹", "conin$")),
            Tuple.of(6, codePoints(0x20, 0x7E)),
            Tuple.of(4, codePoints(0, Character.MAX_CODE_POINT)));
    return piece.list().ofMaxSize(160).map(pieces -> String.join("", pieces));
  }

  private static Arbitrary<String> codePoints(int from, int to) {
    return Arbitraries.integers().between(from, to).map(Character::toString);
  }

  static void assertFollowsTheRules(String name) {
    assertThat(name).isNotEmpty().isNotEqualTo(".").isNotEqualTo("..").doesNotContain("..");
    assertThat(name.getBytes(StandardCharsets.UTF_8).length)
        .isLessThanOrEqualTo(FileNames.MAX_BYTES);
    assertThat(Normalizer.isNormalized(name, Normalizer.Form.NFC)).isTrue();
    assertThat(name).doesNotStartWith(" ").doesNotStartWith(".").doesNotStartWith("-");
    assertThat(name).doesNotEndWith(" ").doesNotEndWith(".").doesNotContain("  ");
    for (int i = 0; i < name.length(); ) {
      int cp = name.codePointAt(i);
      assertThat(isForbidden(cp)).as("U+%04X in %s", cp, name).isFalse();
      i += Character.charCount(cp);
    }
    int dot = name.indexOf('.');
    String base = (dot >= 0 ? name.substring(0, dot) : name).stripTrailing();
    assertThat(DEVICE_NAMES).doesNotContain(base.toLowerCase(Locale.ROOT));

    Path resolved = ROOT.resolve(name);
    assertThat(resolved.normalize().getParent()).isEqualTo(ROOT);
    assertThat(resolved.getFileName().toString()).isEqualTo(name);
  }

  private static boolean isForbidden(int cp) {
    List<Integer> bidiAndZeroWidth =
        List.of(
            0x202A, 0x202B, 0x202C, 0x202D, 0x202E, 0x2066, 0x2067, 0x2068, 0x2069, 0x200E, 0x200F,
            0x061C, 0x200B, 0x200C, 0x200D, 0xFEFF);
    return "/\\<>:\"|?*".indexOf(cp) >= 0
        || Character.getType(cp) == Character.CONTROL
        || Character.getType(cp) == Character.SURROGATE
        || bidiAndZeroWidth.contains(cp)
        || (Character.isWhitespace(cp) && cp != ' ')
        || (Character.isSpaceChar(cp) && cp != ' ');
  }
}
