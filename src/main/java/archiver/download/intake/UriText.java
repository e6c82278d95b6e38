package archiver.download.intake;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Percent-encoding helpers (RFC 3986) for building canonical URLs; pure string functions. */
final class UriText {
  private static final String UNRESERVED_PUNCTUATION = "-._~";
  private static final String PATH_SEGMENT_PUNCTUATION = "-._~!$&'()*+,;=:@";
  private static final char[] HEX = "0123456789ABCDEF".toCharArray();

  private UriText() {}

  /** Decodes %XX escapes as UTF-8; an escape that is not one is kept as it is. */
  static String decode(String raw, boolean plusIsSpace) {
    StringBuilder out = new StringBuilder(raw.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (isEscapeAt(raw, i)) {
        bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
        i += 2;
        continue;
      }
      flush(bytes, out);
      out.append(plusIsSpace && c == '+' ? ' ' : c);
    }
    flush(bytes, out);
    return out.toString();
  }

  /** Encodes one path segment: everything but unreserved characters and sub-delims. */
  static String encodePathSegment(String segment) {
    StringBuilder out = new StringBuilder(segment.length() + 16);
    for (byte b : segment.getBytes(StandardCharsets.UTF_8)) {
      int c = b & 0xff;
      if (isAlphaNumeric(c) || (c < 128 && PATH_SEGMENT_PUNCTUATION.indexOf(c) >= 0)) {
        out.append((char) c);
      } else {
        appendEscape(out, c);
      }
    }
    return out.toString();
  }

  /**
   * RFC 3986 §6.2.2 normalisation of an already-encoded component: escapes of unreserved characters
   * decoded, other escapes in upper case, non-ASCII characters encoded as UTF-8.
   */
  static String normalizeEscapes(String raw) {
    StringBuilder out = new StringBuilder(raw.length() + 16);
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (isEscapeAt(raw, i)) {
        int value = hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2));
        if (isAlphaNumeric(value) || UNRESERVED_PUNCTUATION.indexOf(value) >= 0) {
          out.append((char) value);
        } else {
          appendEscape(out, value);
        }
        i += 2;
      } else if (c >= 128) {
        int end = i + 1;
        while (end < raw.length() && raw.charAt(end) >= 128) {
          end++;
        }
        for (byte b : raw.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
          appendEscape(out, b & 0xff);
        }
        i = end - 1;
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  /** The non-empty segments of a raw path, still encoded. */
  static List<String> segments(String rawPath) {
    List<String> result = new ArrayList<>();
    if (rawPath == null) {
      return result;
    }
    for (String s : rawPath.split("/")) {
      if (!s.isEmpty()) {
        result.add(s);
      }
    }
    return result;
  }

  private static void flush(ByteArrayOutputStream bytes, StringBuilder out) {
    if (bytes.size() > 0) {
      out.append(bytes.toString(StandardCharsets.UTF_8));
      bytes.reset();
    }
  }

  private static void appendEscape(StringBuilder out, int value) {
    out.append('%').append(HEX[value >> 4]).append(HEX[value & 0xf]);
  }

  private static boolean isAlphaNumeric(int c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  /** True when {@code s} holds a complete %XX escape at {@code i}. */
  static boolean isEscapeAt(String s, int i) {
    return s.charAt(i) == '%'
        && i + 2 < s.length()
        && hex(s.charAt(i + 1)) >= 0
        && hex(s.charAt(i + 2)) >= 0;
  }

  /** The value of an ASCII hex digit, or -1 ({@code Character.digit} also takes non-ASCII). */
  static int hex(char c) {
    if (c >= '0' && c <= '9') {
      return c - '0';
    }
    if (c >= 'a' && c <= 'f') {
      return c - 'a' + 10;
    }
    if (c >= 'A' && c <= 'F') {
      return c - 'A' + 10;
    }
    return -1;
  }
}
