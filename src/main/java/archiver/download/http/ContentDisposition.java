package archiver.download.http;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The file name a {@code Content-Disposition} header gives (RFC 6266). {@code filename*} (an RFC
 * 8187 ext-value: {@code UTF-8''%D9%85%D8%AD...}, percent-encoded bytes of a named charset) wins
 * over {@code filename}, as RFC 6266 §4.3 asks, because only it carries non-ASCII names reliably; a
 * {@code filename*} that cannot be decoded (an unknown charset, bytes that are not valid in it) is
 * ignored and {@code filename} is used.
 *
 * <p>Lenient where browsers are: a parameter without a value is skipped, an unquoted value may hold
 * spaces, a quoted {@code filename*} is unquoted first, the first of repeated parameters counts.
 */
final class ContentDisposition {

  private ContentDisposition() {}

  /** The file name, cleaned of any directory part; empty when the header names none. */
  static Optional<String> fileName(String header) {
    if (header == null || header.isBlank()) {
      return Optional.empty();
    }
    Map<String, String> parameters = parameters(header);
    Optional<String> extended =
        Optional.ofNullable(parameters.get("filename*"))
            .flatMap(ContentDisposition::extendedValue)
            .flatMap(RemoteNames::cleanFileName);
    if (extended.isPresent()) {
      return extended;
    }
    return Optional.ofNullable(parameters.get("filename")).flatMap(RemoteNames::cleanFileName);
  }

  /** The parameters after the disposition type, names in lower case, quoted values unquoted. */
  static Map<String, String> parameters(String header) {
    Map<String, String> parameters = new LinkedHashMap<>();
    int i = header.indexOf(';');
    while (i >= 0 && i < header.length()) {
      i = skipSpaces(header, i + 1); // past the ';'
      int nameEnd = i;
      while (nameEnd < header.length() && "=;".indexOf(header.charAt(nameEnd)) < 0) {
        nameEnd++;
      }
      String name = header.substring(i, nameEnd).strip().toLowerCase(Locale.ROOT);
      if (nameEnd >= header.length() || header.charAt(nameEnd) == ';') {
        i = nameEnd; // "attachment; foo; filename=a.mp3": a parameter without a value
        continue;
      }
      int valueStart = skipSpaces(header, nameEnd + 1);
      String value;
      if (valueStart < header.length() && header.charAt(valueStart) == '"') {
        StringBuilder quoted = new StringBuilder();
        int j = valueStart + 1;
        while (j < header.length() && header.charAt(j) != '"') {
          char c = header.charAt(j);
          if (c == '\\' && j + 1 < header.length()) {
            c = header.charAt(++j); // quoted-pair
          }
          quoted.append(c);
          j++;
        }
        value = quoted.toString();
        i = header.indexOf(';', j);
      } else {
        i = header.indexOf(';', valueStart);
        value = header.substring(valueStart, i < 0 ? header.length() : i).strip();
      }
      if (!name.isEmpty()) {
        parameters.putIfAbsent(name, value);
      }
    }
    return parameters;
  }

  /** RFC 8187 ext-value, {@code charset'language'value-chars}; empty when it does not decode. */
  static Optional<String> extendedValue(String value) {
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
    StringBuilder out = new StringBuilder(encoded.length());
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    for (int i = 0; i < encoded.length(); i++) {
      char c = encoded.charAt(i);
      if (c == '%' && isHex(encoded, i + 1) && isHex(encoded, i + 2)) {
        bytes.write(Integer.parseInt(encoded, i + 1, i + 3, 16));
        i += 2;
        continue;
      }
      if (!flush(bytes, out, charset)) {
        return Optional.empty();
      }
      out.append(c);
    }
    return flush(bytes, out, charset) ? Optional.of(out.toString()) : Optional.empty();
  }

  /** Decodes the pending bytes strictly: a name with broken UTF-8 is not a name. */
  private static boolean flush(ByteArrayOutputStream bytes, StringBuilder out, Charset charset) {
    if (bytes.size() == 0) {
      return true;
    }
    try {
      out.append(
          charset
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes.toByteArray())));
    } catch (CharacterCodingException e) {
      return false;
    }
    bytes.reset();
    return true;
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  private static boolean isHex(String s, int i) {
    return i < s.length() && s.charAt(i) < 128 && Character.digit(s.charAt(i), 16) >= 0;
  }
}
