package archiver.storage;

import java.nio.charset.StandardCharsets;
import java.text.BreakIterator;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * The only maker of file names from titles and other outside text (docs/ARCHITECTURE.md, "File
 * names"). A name it returns is one path component on Linux, macOS and Windows alike: it cannot
 * climb out of its folder, cannot hide or reorder itself on screen, and fits every common file
 * system.
 */
public final class FileNames {

  /**
   * ext4, btrfs and XFS allow 255 bytes per name; 150 leaves room for the {@code (2)} of a
   * collision, a temp prefix while copying, and file systems that count differently (eCryptfs
   * encrypted names lose about 100 bytes).
   */
  public static final int MAX_BYTES = 150;

  /** What a title that sanitizes to nothing becomes. */
  public static final String FALLBACK = "media";

  /** A media id is an id, not prose: long ones are cut so the title keeps most of the room. */
  static final int MAX_MEDIA_ID_BYTES = 64;

  static final int MAX_EXT_CHARS = 10;

  /**
   * Windows refuses these as a file's base name, with any extension and in any case; a share or a
   * copy onto a USB stick would fail (learn.microsoft.com: "Naming Files, Paths, and Namespaces").
   */
  private static final Set<String> DEVICE_NAMES =
      Set.of(
          "con", "prn", "aux", "nul", "conin$", "conout$", "com0", "com1", "com2", "com3", "com4",
          "com5", "com6", "com7", "com8", "com9", "com¹", "com²", "com³", "lpt0", "lpt1", "lpt2",
          "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9", "lpt¹", "lpt²", "lpt³");

  private FileNames() {}

  /**
   * A safe, non-empty file name of at most {@link #MAX_BYTES} UTF-8 bytes made from {@code title}.
   * Letters of every script, digits, punctuation and emoji are kept; what follows is changed:
   *
   * <ul>
   *   <li>{@code / \ | : < >} become {@code -}, {@code "} becomes {@code '}, {@code ? *} go;
   *   <li>control characters, lone surrogates, bidi controls and zero-width characters go;
   *   <li>any run of white space becomes one space, any run of dots one dot;
   *   <li>leading spaces, dots and dashes and trailing spaces and dots go;
   *   <li>a Windows device name ({@code CON}, {@code com1.txt}, ...) gets a leading {@code _};
   *   <li>the text is NFC-normalised and cut between grapheme clusters.
   * </ul>
   *
   * Applying it to its own result changes nothing.
   */
  public static String sanitize(String title) {
    if (title == null) {
      return FALLBACK;
    }
    // NFC first: it maps some characters onto others (U+2000 onto U+2002, a space), and the
    // filter below must see the final characters. Removing characters can let neighbours
    // compose, hence NFC again after filtering (composition never yields a filtered character).
    String filtered = filter(Normalizer.normalize(title, Normalizer.Form.NFC));
    String name = fit(trimStart(Normalizer.normalize(filtered, Normalizer.Form.NFC)), MAX_BYTES);
    return name.isEmpty() ? FALLBACK : name;
  }

  /**
   * {@code <title> [<media id>].<ext>} within {@link #MAX_BYTES}: the title is shortened to make
   * room, never the extension. A blank media id leaves out {@code [ ]}, a blank extension the dot.
   * The extension keeps only ASCII letters and digits, lower-cased, at most {@value
   * #MAX_EXT_CHARS}; the media id is sanitized, brackets included, and cut to {@value
   * #MAX_MEDIA_ID_BYTES} bytes.
   */
  public static String withMediaId(String title, String mediaId, String ext) {
    String suffix = "";
    String id = mediaIdPart(mediaId);
    if (!id.isEmpty()) {
      suffix = " [" + id + "]";
    }
    String cleanExt = extension(ext);
    if (!cleanExt.isEmpty()) {
      suffix = suffix + "." + cleanExt;
    }
    String stem = fit(sanitize(title), MAX_BYTES - utf8Length(suffix));
    if (stem.isEmpty()) {
      // Unreachable with the caps on id and extension; kept so a name is never just a suffix.
      stem = FALLBACK;
    }
    return stem + suffix;
  }

  /**
   * The name of item {@code position} of {@code total} in a playlist: {@code 01 - <title>.<ext>},
   * numbered with as many digits as {@code total} needs (at least two), so the files sort in
   * playlist order; within {@link #MAX_BYTES}, the title shortened and the number kept.
   */
  public static String playlistItem(int position, int total, String title, String ext) {
    if (position < 1 || total < position) {
      throw new IllegalArgumentException("item " + position + " of " + total);
    }
    int digits = Math.max(2, Integer.toString(total).length());
    String number = String.format(java.util.Locale.ROOT, "%0" + digits + "d - ", position);
    return withMediaId(number + sanitize(title), "", ext);
  }

  /**
   * What part {@code index} of {@code count} of long media is named after in the archive: {@code
   * <title> - part k of N}, or the title alone when the media is one file. Archiving and renaming
   * both name parts by it, so a renamed part looks like one archived under the new title.
   */
  public static String partTitle(String title, int index, int count) {
    if (index < 1 || count < index) {
      throw new IllegalArgumentException("part " + index + " of " + count);
    }
    return count == 1 ? title : title + " - part " + index + " of " + count;
  }

  /**
   * The {@code n}-th name of a collision: {@code name (n).ext}, still within {@link #MAX_BYTES}.
   * The extension is what follows the last dot when that is a short run of ASCII letters and
   * digits, as {@link #withMediaId} makes it; otherwise the counter goes at the end. A trailing
   * {@code [media id]} is kept whole; the title before it is shortened when room is short.
   */
  public static String numbered(String fileName, int n) {
    if (n < 2) {
      throw new IllegalArgumentException("collision numbers start at 2: " + n);
    }
    String safe = sanitize(fileName);
    String ext = "";
    int dot = safe.lastIndexOf('.');
    if (dot > 0 && isExtension(safe.substring(dot + 1))) {
      ext = safe.substring(dot);
    }
    String stem = safe.substring(0, safe.length() - ext.length());
    // The media id is what tells two archived files apart: shorten the title, not the id.
    String id = "";
    int bracket = stem.lastIndexOf(" [");
    if (bracket > 0 && stem.endsWith("]")) {
      String tail = stem.substring(bracket);
      // " [" + id + "]": anything longer was not made by withMediaId.
      if (utf8Length(tail) <= MAX_MEDIA_ID_BYTES + 3) {
        id = tail;
        stem = stem.substring(0, bracket);
      }
    }
    String counter = " (" + n + ")";
    String room = fit(stem, MAX_BYTES - utf8Length(id + counter + ext));
    if (room.isEmpty()) {
      room = FALLBACK;
    }
    return room + id + counter + ext;
  }

  static int utf8Length(String s) {
    return s.getBytes(StandardCharsets.UTF_8).length;
  }

  private static String filter(String text) {
    StringBuilder out = new StringBuilder(text.length());
    boolean pendingSpace = false;
    int i = 0;
    while (i < text.length()) {
      int cp = text.codePointAt(i);
      i += Character.charCount(cp);
      if (isWhiteSpace(cp)) {
        pendingSpace = true;
        continue;
      }
      String replacement = replacementFor(cp);
      if (replacement.isEmpty()) {
        continue;
      }
      if (pendingSpace && !out.isEmpty()) {
        out.append(' ');
      }
      pendingSpace = false;
      if (replacement.equals(".") && endsWith(out, '.')) {
        continue;
      }
      out.append(replacement);
    }
    return out.toString();
  }

  /** What a non-space code point becomes: itself, a safe stand-in, or nothing. */
  private static String replacementFor(int cp) {
    return switch (cp) {
      case '/', '\\', '|', ':', '<', '>' -> "-";
      case '"' -> "'";
      case '?', '*' -> "";
      default -> isInvisibleOrControl(cp) ? "" : Character.toString(cp);
    };
  }

  private static boolean isWhiteSpace(int cp) {
    // isWhitespace misses the no-break spaces (U+00A0, U+2007, U+202F); isSpaceChar has them.
    return Character.isWhitespace(cp) || Character.isSpaceChar(cp);
  }

  private static boolean isInvisibleOrControl(int cp) {
    if (Character.getType(cp) == Character.CONTROL) {
      return true; // C0, DEL and C1
    }
    if (Character.getType(cp) == Character.SURROGATE) {
      return true; // a lone half of a pair: no file system can store it
    }
    // Bidi controls reorder what a user sees ("\u202Eexe.mp4" shows as "mp4.exe"); zero-width
    // and blank-looking characters make two different names look the same, or a name look empty.
    // U+2060-U+206F also holds the word joiner, the invisible operators and the deprecated
    // shaping controls.
    return cp == 0x061C
        || cp == 0x00AD
        || cp == 0x034F
        || cp == 0x115F
        || cp == 0x1160
        || cp == 0x17B4
        || cp == 0x17B5
        || cp == 0x180E
        || cp == 0x3164
        || cp == 0xFFA0
        || cp == 0x200E
        || cp == 0x200F
        || (cp >= 0x200B && cp <= 0x200D)
        || (cp >= 0x202A && cp <= 0x202E)
        || (cp >= 0x2060 && cp <= 0x206F)
        || cp == 0xFEFF;
  }

  private static boolean endsWith(StringBuilder sb, char c) {
    return !sb.isEmpty() && sb.charAt(sb.length() - 1) == c;
  }

  /**
   * Cut to {@code maxBytes}, drop what Windows would drop at the end, and keep clear of device
   * names. The {@code _} goes in front because a device name is decided by what precedes the first
   * dot.
   */
  private static String fit(String name, int maxBytes) {
    String fitted = trimEnd(cut(name, maxBytes));
    if (isDeviceName(fitted)) {
      fitted = trimEnd(cut("_" + fitted, maxBytes));
    }
    return fitted;
  }

  /**
   * Leading dots would hide the file; a leading dash would read as an option if the name ever
   * reached a tool's command line on its own.
   */
  private static String trimStart(String s) {
    int start = 0;
    while (start < s.length() && isTrimmedAtStart(s.charAt(start))) {
      start++;
    }
    return s.substring(start);
  }

  private static boolean isTrimmedAtStart(char c) {
    return c == '.' || c == '-' || c == ' ';
  }

  /** Windows silently drops trailing dots and spaces, so "a." and "a" would be the same file. */
  private static String trimEnd(String s) {
    int end = s.length();
    while (end > 0 && (s.charAt(end - 1) == '.' || s.charAt(end - 1) == ' ')) {
      end--;
    }
    return s.substring(0, end);
  }

  private static boolean isDeviceName(String name) {
    int dot = name.indexOf('.');
    String base = (dot >= 0 ? name.substring(0, dot) : name).stripTrailing();
    return DEVICE_NAMES.contains(base.toLowerCase(Locale.ROOT));
  }

  /**
   * The longest prefix of {@code s} within {@code maxBytes}, cut between grapheme clusters so no
   * accent, Arabic haraka, skin tone or half a flag is left behind. A single cluster longer than
   * the limit (a base with hundreds of marks) is cut between code points instead.
   */
  static String cut(String s, int maxBytes) {
    if (maxBytes <= 0) {
      return "";
    }
    if (utf8Length(s) <= maxBytes) {
      return s;
    }
    BreakIterator clusters = BreakIterator.getCharacterInstance(Locale.ROOT);
    clusters.setText(s);
    int bytes = 0;
    int end = 0;
    int next = clusters.next();
    while (next != BreakIterator.DONE) {
      int clusterBytes = utf8Length(s.substring(end, next));
      if (bytes + clusterBytes > maxBytes) {
        break;
      }
      bytes += clusterBytes;
      end = next;
      next = clusters.next();
    }
    if (end > 0) {
      return s.substring(0, end);
    }
    return cutByCodePoints(s, maxBytes);
  }

  private static String cutByCodePoints(String s, int maxBytes) {
    int bytes = 0;
    int end = 0;
    while (end < s.length()) {
      int cp = s.codePointAt(end);
      int cpBytes = utf8Length(Character.toString(cp));
      if (bytes + cpBytes > maxBytes) {
        break;
      }
      bytes += cpBytes;
      end += Character.charCount(cp);
    }
    return s.substring(0, end);
  }

  private static String mediaIdPart(String mediaId) {
    if (mediaId == null || mediaId.isBlank()) {
      return "";
    }
    String id = sanitize(mediaId.replace('[', '(').replace(']', ')'));
    return trimEnd(cut(id, MAX_MEDIA_ID_BYTES));
  }

  private static boolean isExtension(String s) {
    return !s.isEmpty() && s.length() <= MAX_EXT_CHARS && s.equals(extension(s));
  }

  private static String extension(String ext) {
    if (ext == null) {
      return "";
    }
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < ext.length() && out.length() < MAX_EXT_CHARS; i++) {
      char c = ext.charAt(i);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
        out.append(c);
      } else if (c >= 'A' && c <= 'Z') {
        out.append((char) (c - 'A' + 'a'));
      }
    }
    return out.toString();
  }
}
