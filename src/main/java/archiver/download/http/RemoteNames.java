package archiver.download.http;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;

/**
 * File names and titles of remote files, and the percent-encoding needed to get there: the name a
 * server gives in {@code Content-Disposition} (RFC 6266, with RFC 8187 {@code filename*}), else the
 * last segment of the URL path, decoded as UTF-8. Pure string functions.
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
    return clean(percentDecode(segment));
  }

  /**
   * The file name a {@code Content-Disposition} header gives. {@code filename*} wins over {@code
   * filename}, as RFC 6266 §4.3 asks, because only it can carry non-ASCII names reliably.
   */
  static Optional<String> fromContentDisposition(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    Optional<String> plain = Optional.empty();
    Optional<String> extended = Optional.empty();
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      int eq = header.indexOf('=', i + 1);
      if (eq < 0) {
        break;
      }
      String name = header.substring(i + 1, eq).strip().toLowerCase(Locale.ROOT);
      int valueStart = eq + 1;
      while (valueStart < header.length() && header.charAt(valueStart) == ' ') {
        valueStart++;
      }
      String value;
      int next;
      if (valueStart < header.length() && header.charAt(valueStart) == '"') {
        StringBuilder quoted = new StringBuilder();
        int j = valueStart + 1;
        while (j < header.length() && header.charAt(j) != '"') {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) {
            c = header.charAt(++j);
          }
          quoted.append(c);
          j++;
        }
        value = quoted.toString();
        next = header.indexOf(';', j);
      } else {
        next = header.indexOf(';', valueStart);
        value = header.substring(valueStart, next < 0 ? header.length() : next).strip();
      }
      if (name.equals("filename")) {
        plain = clean(value);
      } else if (name.equals("filename*")) {
        extended = extendedValue(value).flatMap(RemoteNames::clean);
      }
      i = next;
    }
    return extended.isPresent() ? extended : plain;
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

  /** RFC 8187: {@code charset'language'percent-encoded}. */
  private static Optional<String> extendedValue(String value) {
    int first = value.indexOf('\'');
    int second = first < 0 ? -1 : value.indexOf('\'', first + 1);
    if (second < 0) {
      return Optional.empty();
    }
    Charset charset;
    try {
      charset = Charset.forName(value.substring(0, first).strip());
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
    String encoded = value.substring(second + 1);
    StringBuilder out = new StringBuilder();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && isHex(encoded, i + 1) && isHex(encoded, i + 2)) {
        bytes.write(
            Character.digit(encoded.charAt(i + 1), 16) * 16
                + Character.digit(encoded.charAt(i + 2), 16));
        i += 2;
      } else {
        flush(bytes, out, charset);
        out.append(c);
      }
    }
    flush(bytes, out, charset);
    return Optional.of(out.toString());
  }

  /**
   * Only the last path element counts: a server (or an attacker) may send "../../x" or
   * "C:\dir\x.mp3"; the name is used for titles, never as a path.
   */
  private static Optional<String> clean(String name) {
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
