package archiver.download.intake;

import archiver.domain.RefusalReason;
import java.net.IDN;
import java.net.InetAddress;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one URL guard (docs/ARCHITECTURE.md, "URL safety"): every link a stranger sends, and every
 * redirect hop of a direct download, passes through here before anything is fetched.
 *
 * <p>{@link #check} runs at intake and needs no DNS. {@link #checkResolved} runs at connection time
 * and refuses a host when any of its addresses is not public, so a public name pointing at
 * 127.0.0.1 or a redirect to the metadata service does not reach the server's own network. {@link
 * #checkAndPin} does the same and hands back the addresses it judged: a client that connects to
 * exactly those, instead of asking DNS again, cannot be answered differently the second time (DNS
 * rebinding).
 *
 * <p>The host is read as browsers read it (WHATWG URL): IDNA to ASCII, lower case, one trailing dot
 * dropped, and a host whose last label is a number read as IPv4 in any notation.
 */
public final class UrlGuard {

  public static final int MAX_LENGTH = 2048;

  private static final Pattern SCHEME = Pattern.compile("([A-Za-z][A-Za-z0-9+.-]*):");
  private static final Pattern PORT_AFTER_COLON =
      Pattern.compile("\\d+(?:[/?#].*)?", Pattern.DOTALL);
  private static final Pattern ASCII_HOST = Pattern.compile("[a-z0-9.-]+");

  /** Names that only ever mean "this machine" or "this network" (RFC 6761, RFC 6762, RFC 8375). */
  private static final List<String> LOCAL_SUFFIXES =
      List.of(
          "localhost",
          "local",
          "localdomain",
          "internal",
          "intranet",
          "lan",
          "home",
          "corp",
          "private",
          "home.arpa",
          "arpa");

  private final IntakeSettings settings;
  private final SourceRouter router;
  private final HostResolver resolver;

  public UrlGuard(IntakeSettings settings, SourceRouter router, HostResolver resolver) {
    this.settings = settings;
    this.router = router;
    this.resolver = resolver;
  }

  /** The intake check, without DNS. Never throws. */
  public GuardResult check(String raw) {
    try {
      return new GuardResult.Accepted(parse(raw));
    } catch (Refusal r) {
      return new GuardResult.Refused(r.reason, r.getMessage());
    }
  }

  private URI parse(String raw) throws Refusal {
    String s = cleanInput(raw);
    SchemeAndRest split = splitScheme(s);
    int authorityEnd = indexOfAny(split.rest(), "/?#");
    String authority = authorityEnd < 0 ? split.rest() : split.rest().substring(0, authorityEnd);
    String tail = authorityEnd < 0 ? "" : split.rest().substring(authorityEnd);
    if (authority.indexOf('@') >= 0) {
      throw new Refusal(RefusalReason.USERINFO, "user-info (\"...@\") before the host");
    }
    if (authority.isEmpty()) {
      throw new Refusal(RefusalReason.MALFORMED, "no host");
    }
    boolean bracketed = authority.startsWith("[");
    int hostEnd = bracketed ? authority.indexOf(']') + 1 : authority.lastIndexOf(':');
    if (bracketed && hostEnd == 0) {
      throw new Refusal(RefusalReason.MALFORMED, "unclosed IPv6 literal");
    }
    if (hostEnd < 0) {
      hostEnd = authority.length();
    }
    Host host =
        bracketed
            ? ipv6Host(authority.substring(1, hostEnd - 1))
            : namedHost(authority.substring(0, hostEnd));
    int port = port(authority.substring(hostEnd));

    if (!settings.allowPrivateAddresses()) {
      Optional<String> local =
          host.literal() != null
              ? AddressPolicy.nonPublicRange(host.literal())
              : localName(host.text());
      if (local.isPresent()) {
        throw new Refusal(RefusalReason.PRIVATE_ADDRESS, host.text() + " is " + local.get());
      }
    }
    String scheme = split.scheme();
    if (scheme.equals("http")) {
      if (router.knownSource(host.text()).isPresent()) {
        scheme = "https"; // docs/ARCHITECTURE.md, "URL safety": known sources are upgraded
      } else if (!settings.allowHttp()) {
        throw new Refusal(
            RefusalReason.BAD_SCHEME, "plain http is accepted only for known sites; use https");
      }
    }

    URI uri;
    try {
      uri =
          new URI(scheme + "://" + host.text() + (port > 0 ? ":" + port : "") + escapeLoose(tail));
    } catch (URISyntaxException e) {
      throw new Refusal(RefusalReason.MALFORMED, "not a valid URL: " + e.getReason());
    }
    if (uri.getHost() == null || uri.getRawUserInfo() != null || uri.isOpaque()) {
      throw new Refusal(RefusalReason.MALFORMED, "not a valid URL");
    }
    return uri;
  }

  /** Outer whitespace dropped; length and characters checked before anything is parsed. */
  private static String cleanInput(String raw) throws Refusal {
    if (raw == null) {
      throw new Refusal(RefusalReason.MALFORMED, "no URL given");
    }
    String s = raw.strip();
    if (s.isEmpty()) {
      throw new Refusal(RefusalReason.MALFORMED, "empty URL");
    }
    if (s.length() > MAX_LENGTH) {
      throw new Refusal(RefusalReason.TOO_LONG, "longer than " + MAX_LENGTH + " characters");
    }
    Optional<String> badCharacter = badCharacter(s);
    if (badCharacter.isPresent()) {
      throw new Refusal(RefusalReason.MALFORMED, badCharacter.get());
    }
    return s;
  }

  private record SchemeAndRest(String scheme, String rest) {}

  /**
   * The lower-case scheme and what follows "//". A link pasted without a scheme ({@code
   * youtu.be/ID}, {@code example.com:8080/a.mp4}) is read as https.
   */
  private static SchemeAndRest splitScheme(String s) throws Refusal {
    if (s.startsWith("//")) {
      return new SchemeAndRest("https", s.substring(2));
    }
    Matcher m = SCHEME.matcher(s);
    if (!m.lookingAt() || PORT_AFTER_COLON.matcher(s.substring(m.end())).matches()) {
      return new SchemeAndRest("https", s);
    }
    String scheme = m.group(1).toLowerCase(Locale.ROOT);
    if (!scheme.equals("https") && !scheme.equals("http")) {
      throw new Refusal(RefusalReason.BAD_SCHEME, "scheme \"" + scheme + "\" is not allowed");
    }
    String afterColon = s.substring(m.end());
    if (!afterColon.startsWith("//")) {
      throw new Refusal(RefusalReason.MALFORMED, "no \"//\" after the scheme");
    }
    return new SchemeAndRest(scheme, afterColon.substring(2));
  }

  /**
   * A host as it goes into the URI, and its address when it is an IP literal.
   *
   * @param literal 4 or 16 address bytes, or null for a name
   */
  private record Host(String text, byte[] literal) {}

  private static Host ipv6Host(String inside) throws Refusal {
    Optional<byte[]> v6 = IpLiteral.parseIpv6(inside);
    if (v6.isEmpty()) {
      throw new Refusal(RefusalReason.MALFORMED, "not a valid IPv6 address: [" + inside + "]");
    }
    return new Host("[" + inside.toLowerCase(Locale.ROOT) + "]", v6.get());
  }

  /** IDNA to ASCII, lower case, one trailing dot dropped; a numeric last label means IPv4. */
  private static Host namedHost(String text) throws Refusal {
    if (text.indexOf('%') >= 0) {
      // Browsers percent-decode hosts (127.0.0.%31 is 127.0.0.1); refusing beats agreeing.
      throw new Refusal(RefusalReason.MALFORMED, "percent-encoded host");
    }
    String ascii;
    try {
      ascii = IDN.toASCII(text, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
    } catch (IllegalArgumentException e) {
      throw new Refusal(RefusalReason.MALFORMED, "not a valid host name");
    }
    if (ascii.endsWith(".")) {
      ascii = ascii.substring(0, ascii.length() - 1);
    }
    if (ascii.isEmpty() || ascii.length() > 253 || !ASCII_HOST.matcher(ascii).matches()) {
      throw new Refusal(RefusalReason.MALFORMED, "not a valid host name");
    }
    for (String label : ascii.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63) {
        throw new Refusal(RefusalReason.MALFORMED, "not a valid host name");
      }
    }
    if (!IpLiteral.endsInNumber(ascii)) {
      return new Host(ascii, null);
    }
    Optional<byte[]> v4 = IpLiteral.parseIpv4(ascii);
    if (v4.isEmpty()) {
      throw new Refusal(RefusalReason.MALFORMED, "not a valid IPv4 address: " + ascii);
    }
    return new Host(IpLiteral.formatIpv4(v4.get()), v4.get());
  }

  /** The port after the host (":8080"), -1 when there is none or it is empty. */
  private static int port(String afterHost) throws Refusal {
    if (afterHost.isEmpty()) {
      return -1;
    }
    if (!afterHost.startsWith(":")) {
      throw new Refusal(RefusalReason.MALFORMED, "text after the IPv6 literal");
    }
    String digits = afterHost.substring(1);
    if (digits.isEmpty()) {
      return -1;
    }
    if (digits.length() > 5 || !digits.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw new Refusal(RefusalReason.MALFORMED, "bad port \"" + digits + "\"");
    }
    int port = Integer.parseInt(digits);
    if (port < 1 || port > 65535) {
      throw new Refusal(RefusalReason.MALFORMED, "port out of range: " + port);
    }
    return port;
  }

  /**
   * The connection-time check: {@link #check} again (a redirect target is as untrusted as a
   * message), then DNS, refusing the host when any address is not public. No DNS at all when
   * private addresses are allowed.
   */
  public GuardResult checkResolved(URI uri) {
    GuardResult first = check(uri == null ? null : uri.toString());
    if (!(first instanceof GuardResult.Accepted accepted) || settings.allowPrivateAddresses()) {
      return first;
    }
    return switch (resolveAndJudge(accepted.uri())) {
      case PinResult.Pinned pinned -> first;
      case PinResult.Refused refused -> refused(refused.reason(), refused.detail());
    };
  }

  /**
   * {@link #checkResolved}, keeping what DNS answered so that the connection goes to exactly the
   * addresses that were judged. The host is resolved once here even when private addresses are
   * allowed, so that one resolver, this guard's, decides where every connection goes.
   */
  public PinResult checkAndPin(URI uri) {
    return switch (check(uri == null ? null : uri.toString())) {
      case GuardResult.Refused refused -> new PinResult.Refused(refused.reason(), refused.detail());
      case GuardResult.Accepted accepted -> resolveAndJudge(accepted.uri());
    };
  }

  /** One lookup of an accepted URL's host, and the address rules applied to every answer. */
  private PinResult resolveAndJudge(URI accepted) {
    String host = accepted.getHost();
    if (host.startsWith("[") || IpLiteral.endsInNumber(host)) {
      return new PinResult.Pinned(accepted, List.of()); // a literal, already judged by check()
    }
    List<InetAddress> addresses;
    try {
      addresses = resolver.resolve(host);
    } catch (UnknownHostException e) {
      return new PinResult.Refused(RefusalReason.UNRESOLVABLE, host + " does not resolve");
    }
    if (addresses == null || addresses.isEmpty()) {
      return new PinResult.Refused(RefusalReason.UNRESOLVABLE, host + " has no addresses");
    }
    if (!settings.allowPrivateAddresses()) {
      for (InetAddress address : addresses) {
        Optional<String> range = AddressPolicy.nonPublicRange(address);
        if (range.isPresent()) {
          return new PinResult.Refused(
              RefusalReason.PRIVATE_ADDRESS,
              host + " resolves to " + address.getHostAddress() + ", " + range.get());
        }
      }
    }
    return new PinResult.Pinned(accepted, addresses);
  }

  /**
   * Control characters, whitespace, invisible format characters and backslashes are refused: CR/LF
   * split HTTP headers, U+202E can disguise a link, and browsers read "\" as "/" where other
   * parsers do not (https://url.spec.whatwg.org/#special-authority-ignore-slashes-state).
   */
  private static Optional<String> badCharacter(String s) {
    for (int i = 0; i < s.length(); ) {
      int cp = s.codePointAt(i);
      int type = Character.getType(cp);
      if (Character.isISOControl(cp)
          || Character.isWhitespace(cp)
          || Character.isSpaceChar(cp)
          || type == Character.FORMAT
          || type == Character.SURROGATE) {
        return Optional.of(String.format("forbidden character U+%04X", cp));
      }
      if (cp == '\\') {
        return Optional.of("backslash");
      }
      i += Character.charCount(cp);
    }
    return Optional.empty();
  }

  /** Why a host name is local, or empty. Single-label names resolve through the search domains. */
  private static Optional<String> localName(String host) {
    for (String suffix : LOCAL_SUFFIXES) {
      if (host.equals(suffix) || host.endsWith("." + suffix)) {
        return Optional.of("a local name (." + suffix + ")");
      }
    }
    if (host.indexOf('.') < 0) {
      return Optional.of("a single-label (local) name");
    }
    return Optional.empty();
  }

  /**
   * Percent-encodes what browsers encode but java.net.URI refuses (RFC 2396 "unwise" characters, a
   * second '#', a '%' that starts no escape), so pasted links parse as a browser would.
   */
  private static String escapeLoose(String tail) {
    StringBuilder out = new StringBuilder(tail.length() + 16);
    boolean inFragment = false;
    for (int i = 0; i < tail.length(); i++) {
      char c = tail.charAt(i);
      if (c == '#') {
        if (inFragment) {
          out.append("%23");
          continue;
        }
        inFragment = true;
        out.append(c);
      } else if (c == '%') {
        out.append(UriText.isEscapeAt(tail, i) ? "%" : "%25");
      } else if ("\"<>^`{|}[]".indexOf(c) >= 0) {
        out.append('%').append(String.format("%02X", (int) c));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }

  private static int indexOfAny(String s, String chars) {
    for (int i = 0; i < s.length(); i++) {
      if (chars.indexOf(s.charAt(i)) >= 0) {
        return i;
      }
    }
    return -1;
  }

  private static GuardResult refused(RefusalReason reason, String detail) {
    return new GuardResult.Refused(reason, detail);
  }

  /** Ends parsing early; {@link #check} turns it into {@link GuardResult.Refused}. */
  private static final class Refusal extends Exception {
    private final RefusalReason reason;

    Refusal(RefusalReason reason, String detail) {
      super(detail, null, false, false); // an expected outcome: no stack trace to fill in
      this.reason = reason;
    }
  }
}
