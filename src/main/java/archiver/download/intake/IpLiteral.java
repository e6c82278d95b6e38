package archiver.download.intake;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads IP address literals the way browsers and {@code inet_aton} read them, without DNS.
 *
 * <p>A guard that only knew dotted quads would let {@code http://2130706433/} or {@code
 * http://0x7f.1/} through to a client that connects to 127.0.0.1. The IPv4 rules follow the WHATWG
 * URL standard's "IPv4 parser" (https://url.spec.whatwg.org/#concept-ipv4-parser), which copies
 * {@code inet_aton}: one to four parts, each decimal, octal (leading 0) or hex (0x), the last part
 * filling the remaining bytes.
 */
final class IpLiteral {
  private static final BigInteger BYTE_LIMIT = BigInteger.valueOf(256);

  private IpLiteral() {}

  /**
   * True when the last label is a number, which makes a browser read the whole host as IPv4 (and
   * reject it when that fails): WHATWG "ends in a number".
   */
  static boolean endsInNumber(String host) {
    List<String> parts = splitDots(host);
    if (parts.isEmpty()) {
      return false;
    }
    String last = parts.get(parts.size() - 1);
    if (last.isEmpty()) {
      return false;
    }
    if (isAllDigits(last)) {
      return true;
    }
    return parseNumber(last) != null;
  }

  /** The four bytes of {@code host} read as IPv4 in any notation, or empty when it is not one. */
  static Optional<byte[]> parseIpv4(String host) {
    List<String> parts = splitDots(host);
    if (parts.isEmpty() || parts.size() > 4) {
      return Optional.empty();
    }
    List<BigInteger> numbers = new ArrayList<>();
    for (String part : parts) {
      BigInteger n = parseNumber(part);
      if (n == null) {
        return Optional.empty();
      }
      numbers.add(n);
    }
    for (int i = 0; i < numbers.size() - 1; i++) {
      if (numbers.get(i).compareTo(BYTE_LIMIT) >= 0) {
        return Optional.empty();
      }
    }
    BigInteger last = numbers.get(numbers.size() - 1);
    if (last.compareTo(BYTE_LIMIT.pow(5 - numbers.size())) >= 0) {
      return Optional.empty();
    }
    long value = last.longValue();
    for (int i = 0; i < numbers.size() - 1; i++) {
      value += numbers.get(i).longValue() << (8 * (3 - i));
    }
    return Optional.of(
        new byte[] {
          (byte) (value >>> 24), (byte) (value >>> 16), (byte) (value >>> 8), (byte) value
        });
  }

  /**
   * The sixteen bytes of an IPv6 literal (without brackets), or empty when it is not one. Accepts
   * {@code ::} compression and a trailing dotted quad ({@code ::ffff:127.0.0.1}); refuses zone ids.
   */
  static Optional<byte[]> parseIpv6(String text) {
    String s = text.toLowerCase(Locale.ROOT);
    if (s.isEmpty() || !s.matches("[0-9a-f:.]+")) {
      return Optional.empty();
    }
    int gap = s.indexOf("::");
    if (gap >= 0 && s.indexOf("::", gap + 1) >= 0) {
      return Optional.empty();
    }
    List<Integer> head;
    List<Integer> tail;
    if (gap >= 0) {
      head = groups(s.substring(0, gap), false);
      tail = groups(s.substring(gap + 2), true);
    } else {
      head = groups(s, true);
      tail = List.of();
    }
    if (head == null || tail == null) {
      return Optional.empty();
    }
    int count = head.size() + tail.size();
    if (gap >= 0 ? count > 7 : count != 8) {
      return Optional.empty();
    }
    byte[] bytes = new byte[16];
    for (int i = 0; i < head.size(); i++) {
      put(bytes, i, head.get(i));
    }
    int start = 8 - tail.size();
    for (int i = 0; i < tail.size(); i++) {
      put(bytes, start + i, tail.get(i));
    }
    return Optional.of(bytes);
  }

  /** Dotted-quad text of four bytes. */
  static String formatIpv4(byte[] address) {
    return (address[0] & 0xff)
        + "."
        + (address[1] & 0xff)
        + "."
        + (address[2] & 0xff)
        + "."
        + (address[3] & 0xff);
  }

  private static void put(byte[] bytes, int group, int value) {
    bytes[2 * group] = (byte) (value >>> 8);
    bytes[2 * group + 1] = (byte) value;
  }

  /** 16-bit groups of one side of "::"; a dotted quad is allowed only at the very end. */
  private static List<Integer> groups(String side, boolean mayEndInIpv4) {
    List<Integer> result = new ArrayList<>();
    if (side.isEmpty()) {
      return result;
    }
    String[] pieces = side.split(":", -1);
    for (int i = 0; i < pieces.length; i++) {
      String piece = pieces[i];
      if (piece.contains(".")) {
        if (!mayEndInIpv4 || i != pieces.length - 1) {
          return null;
        }
        byte[] v4 = strictDottedQuad(piece);
        if (v4 == null) {
          return null;
        }
        result.add(((v4[0] & 0xff) << 8) | (v4[1] & 0xff));
        result.add(((v4[2] & 0xff) << 8) | (v4[3] & 0xff));
      } else {
        if (piece.isEmpty() || piece.length() > 4) {
          return null;
        }
        result.add(Integer.parseInt(piece, 16));
      }
    }
    return result;
  }

  /** IPv4 inside IPv6 must be four plain decimal parts (WHATWG IPv6 parser, "IPv4 piece"). */
  private static byte[] strictDottedQuad(String text) {
    String[] parts = text.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] bytes = new byte[4];
    for (int i = 0; i < 4; i++) {
      String p = parts[i];
      if (p.isEmpty()
          || p.length() > 3
          || !isAllDigits(p)
          || (p.length() > 1 && p.charAt(0) == '0')) {
        return null;
      }
      int v = Integer.parseInt(p);
      if (v > 255) {
        return null;
      }
      bytes[i] = (byte) v;
    }
    return bytes;
  }

  /** Splits on dots, dropping one trailing empty part (a trailing dot is allowed). */
  private static List<String> splitDots(String host) {
    List<String> parts = new ArrayList<>(List.of(host.split("\\.", -1)));
    if (parts.size() > 1 && parts.get(parts.size() - 1).isEmpty()) {
      parts.remove(parts.size() - 1);
    }
    return parts;
  }

  /** One inet_aton number: 0x.. hex, 0.. octal, else decimal; null when it is none of them. */
  private static BigInteger parseNumber(String part) {
    if (part.isEmpty()) {
      return null;
    }
    String digits = part;
    int radix = 10;
    if (digits.length() >= 2 && (digits.startsWith("0x") || digits.startsWith("0X"))) {
      digits = digits.substring(2);
      radix = 16;
    } else if (digits.length() >= 2 && digits.charAt(0) == '0') {
      digits = digits.substring(1);
      radix = 8;
    }
    if (digits.isEmpty()) {
      return BigInteger.ZERO;
    }
    for (int i = 0; i < digits.length(); i++) {
      int digit = UriText.hex(digits.charAt(i));
      if (digit < 0 || digit >= radix) {
        return null;
      }
    }
    return new BigInteger(digits, radix);
  }

  private static boolean isAllDigits(String s) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return !s.isEmpty();
  }
}
