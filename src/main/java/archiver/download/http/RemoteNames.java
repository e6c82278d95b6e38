package archiver.download.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * File names and titles of remote files, and the percent-encoding needed to get there: the last
 * segment of the URL path, decoded as UTF-8, when the server gave no name in {@code
 * Content-Disposition} ({@link ContentDisposition}). Pure string functions.
 */
final class RemoteNames {
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private RemoteNames() {}

  /** The decoded last non-empty segment of the URL path; empty for "/" or no path. */
  static Optional<String> fileNameOf(URI uri) {
    String path = uri.getRawPath();
    if (path == null) {
      return Optional.empty();
    }
    while (path.endsWith("/")) {
      path = path.substring(0, path.length() - 1);
    }
    String segment = path.substring(path.lastIndexOf('/') + 1);
    int semicolon = segment.indexOf(';'); // path parameters: "/a.mp3;jsessionid=..."
    if (semicolon >= 0) {
      segment = segment.substring(0, semicolon);
    }
    return cleanFileName(percentDecode(segment));
  }

  /** A title from a file name: the extension dropped, surrounding spaces trimmed. */
  static String titleOf(String fileName) {
    String name = fileName.strip();
    int dot = name.lastIndexOf('.');
    if (dot > 0 && name.length() - dot <= 6) {
      name = name.substring(0, dot).strip();
    }
    return name;
  }

  /** The lower-case extension of a file name without the dot; empty when there is none. */
  static String extensionOf(String fileName) {
    int dot = fileName.lastIndexOf('.');
    if (dot <= 0 || dot == fileName.length() - 1) {
      return "";
    }
    return fileName.substring(dot + 1).toLowerCase(Locale.ROOT);
  }

  /** Decodes %XX escapes as UTF-8; '+' stays '+' (it means space only in form data). */
  static String percentDecode(String raw) {
    StringBuilder out = new StringBuilder(raw.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (c == '%' && isHex(raw, i + 1) && isHex(raw, i + 2)) {
        bytes.write(
            Character.digit(raw.charAt(i + 1), 16) * 16 + Character.digit(raw.charAt(i + 2), 16));
        i += 2;
        continue;
      }
      flush(bytes, out, StandardCharsets.UTF_8);
      out.append(c);
    }
    flush(bytes, out, StandardCharsets.UTF_8);
    return out.toString();
  }

  /**
   * Percent-encodes one path segment (RFC 3986 pchar), for Archive.org file names like "Disc 1".
   */
  static String encodePathSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 16);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isUnreserved(c) || (c < 128 && "!$&'()*+,;=:@".indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        escape(out, c);
      }
    }
    return out.toString();
  }

  /**
   * A URI from a link as pages write it: spaces, non-ASCII letters and other characters browsers
   * accept are percent-encoded, existing escapes are kept. Empty when it still does not parse.
   */
  static Optional<URI> lenientUri(String link) {
    StringBuilder out = new StringBuilder(link.length() + 16);
    for (int i = 0; i < link.length(); i++) {
      char c = link.charAt(i);
      if (c == '%' && !(isHex(link, i + 1) && isHex(link, i + 2))) {
        out.append("%25");
      } else if (c > 0x20 && c < 0x7f && "\"<>\\^`{|}".indexOf(c) < 0) {
        out.append(c);
      } else {
        int cp = link.codePointAt(i);
        for (byte b : new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8)) {
          escape(out, b & 0xff);
        }
        i += Character.charCount(cp) - 1;
      }
    }
    try {
      return Optional.of(new URI(out.toString()));
    } catch (URISyntaxException e) {
      return Optional.empty();
    }
  }

  /**
   * Only the last path element counts: a server (or an attacker) may send "../../x" or
   * "C:\dir\x.mp3"; the name is used for titles, never as a path.
   */
  static Optional<String> cleanFileName(String name) {
    String n = name;
    int cut = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    if (cut >= 0) {
      n = n.substring(cut + 1);
    }
    StringBuilder out = new StringBuilder(n.length());
    n.codePoints().filter(cp -> !Character.isISOControl(cp)).forEach(out::appendCodePoint);
    String result = out.toString().strip();
    if (result.isEmpty() || result.equals(".") || result.equals("..")) {
      return Optional.empty();
    }
    return Optional.of(result);
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out, Charset charset) {
    if (bytes.size() > 0) {
      out.append(new String(bytes.toByteArray(), charset));
      bytes.reset();
    }
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && Character.digit(s.charAt(i), 16) >= 0 && s.charAt(i) < 128;
  }

  private static boolean isUnreserved(int c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '-'
        || c == '.'
        || c == '_'
        || c == '~';
  }

  private static void escape(StringBuilder out, int value) {
    out.append('%').append(HEX[value >> 4]).append(HEX[value & 0xf]);
  }
}
