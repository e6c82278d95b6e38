package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.RefusalReason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.StringLength;
import net.jqwik.api.statistics.Statistics;

/** Properties of the URL guard over generated links and generated DNS answers. */
class UrlGuardPropertiesTest {

  /** An address range; host bits are filled at random. */
  private record Cidr(String network, int prefix) {
    byte[] fill(byte[] random) {
      byte[] base = literal(network);
      byte[] out = base.clone();
      for (int bit = prefix; bit < base.length * 8; bit++) {
        int mask = 0x80 >>> (bit % 8);
        out[bit / 8] = (byte) ((out[bit / 8] & ~mask) | (random[bit / 8] & mask));
      }
      return out;
    }
  }

  private static final List<Cidr> NON_PUBLIC_V4 =
      List.of(
          new Cidr("0.0.0.0", 8),
          new Cidr("10.0.0.0", 8),
          new Cidr("100.64.0.0", 10),
          new Cidr("127.0.0.0", 8),
          new Cidr("169.254.0.0", 16),
          new Cidr("172.16.0.0", 12),
          new Cidr("192.0.0.0", 24),
          new Cidr("192.0.2.0", 24),
          new Cidr("192.168.0.0", 16),
          new Cidr("198.18.0.0", 15),
          new Cidr("198.51.100.0", 24),
          new Cidr("203.0.113.0", 24),
          new Cidr("224.0.0.0", 4),
          new Cidr("240.0.0.0", 4),
          new Cidr("255.255.255.255", 32));

  private static final List<Cidr> NON_PUBLIC_V6 =
      List.of(
          new Cidr("::", 128),
          new Cidr("::1", 128),
          new Cidr("fc00::", 7),
          new Cidr("fe80::", 10),
          new Cidr("fec0::", 10),
          new Cidr("ff00::", 8),
          new Cidr("2001:db8::", 32),
          new Cidr("2001::", 32),
          new Cidr("100::", 64),
          new Cidr("3fff::", 20));

  private static final List<Cidr> PUBLIC_V4 =
      List.of(
          new Cidr("1.0.0.0", 8),
          new Cidr("8.0.0.0", 7),
          new Cidr("11.0.0.0", 8),
          new Cidr("23.0.0.0", 8),
          new Cidr("93.0.0.0", 8),
          new Cidr("104.0.0.0", 6),
          new Cidr("151.0.0.0", 8),
          new Cidr("185.0.0.0", 8),
          new Cidr("212.0.0.0", 7));

  private static final List<Cidr> PUBLIC_V6 =
      List.of(
          new Cidr("2400::", 12),
          new Cidr("2600::", 12),
          new Cidr("2800::", 12),
          new Cidr("2a00::", 12),
          new Cidr("2c00::", 12));

  private final UrlGuard guard =
      new UrlGuard(
          IntakeSettings.defaults(),
          new SourceRouter(IntakeSettings.defaults()),
          host -> {
            throw new UnknownHostException(host);
          });

  @Property(tries = 3000)
  @Label("the guard never throws on arbitrary strings")
  void neverThrowsOnArbitraryText(@ForAll @StringLength(max = 2100) String anything) {
    assertThat(guard.check(anything)).isNotNull();
  }

  @Property(tries = 3000)
  @Label("the guard never throws on URL-shaped strings")
  void neverThrowsOnUrlShapedText(@ForAll("urlShaped") String url) {
    assertThat(guard.check(url)).isNotNull();
  }

  @Property(tries = 3000)
  @Label("whatever the guard accepts is http(s), has a host, no user-info and no local literal")
  void acceptedLinksAreSafe(@ForAll("urlShaped") String url) throws UnknownHostException {
    GuardResult result = guard.check(url);
    Statistics.label("verdict")
        .collect(result instanceof GuardResult.Refused r ? r.reason().name() : "ACCEPTED");
    Statistics.label("verdict").coverage(c -> c.check("ACCEPTED").percentage(p -> p > 10));
    if (!(result instanceof GuardResult.Accepted accepted)) {
      return;
    }
    URI uri = accepted.uri();
    assertThat(uri.getScheme()).isIn("http", "https");
    assertThat(uri.getHost()).isNotBlank();
    assertThat(uri.getRawUserInfo()).isNull();
    assertThat(uri.getHost()).doesNotEndWith("localhost").doesNotEndWith(".local");
    assertThat(uri.getHost().startsWith("[") || uri.getHost().contains("."))
        .as("single-label names are local")
        .isTrue();
    if (uri.getHost().startsWith("[") || uri.getHost().matches("[0-9.]+")) {
      // java.net's own predicates are an independent opinion on the literal.
      InetAddress literal = InetAddress.getByName(uri.getHost());
      assertThat(literal.isAnyLocalAddress()).isFalse();
      assertThat(literal.isLoopbackAddress()).isFalse();
      assertThat(literal.isLinkLocalAddress()).isFalse();
      assertThat(literal.isSiteLocalAddress()).isFalse();
      assertThat(literal.isMulticastAddress()).isFalse();
      assertThat(AddressPolicy.isPublic(literal)).isTrue();
    }
    // What the guard hands out passes the guard again, unchanged.
    assertThat(guard.check(uri.toString())).isEqualTo(accepted);
  }

  @Property(tries = 2000)
  @Label("the connection-time check refuses a host when any resolved address is not public")
  void resolvedAddressesAreAllPublicOrTheHostIsRefused(@ForAll("dnsAnswers") List<Answer> answers) {
    List<InetAddress> addresses = new ArrayList<>();
    boolean anyNonPublic = false;
    for (Answer a : answers) {
      addresses.add(a.address());
      anyNonPublic |= !a.isPublic();
    }
    UrlGuard dns =
        new UrlGuard(
            IntakeSettings.defaults(),
            new SourceRouter(IntakeSettings.defaults()),
            host -> addresses);

    GuardResult result = dns.checkResolved(URI.create("https://cdn.example.com/a.mp4"));

    if (anyNonPublic) {
      assertThat(result)
          .isInstanceOfSatisfying(
              GuardResult.Refused.class,
              r -> assertThat(r.reason()).isEqualTo(RefusalReason.PRIVATE_ADDRESS));
    } else {
      assertThat(result).isInstanceOf(GuardResult.Accepted.class);
    }
  }

  /** One address in a DNS answer, and whether the generator drew it from a public range. */
  record Answer(InetAddress address, boolean isPublic) {}

  @Provide
  Arbitrary<List<Answer>> dnsAnswers() {
    Arbitrary<byte[]> nonPublicV4 = from(NON_PUBLIC_V4, 4);
    Arbitrary<byte[]> publicV4 = from(PUBLIC_V4, 4);
    Arbitrary<Answer> nonPublic =
        Arbitraries.oneOf(
            nonPublicV4.map(b -> answer(b, false)),
            from(NON_PUBLIC_V6, 16).map(b -> answer(b, false)),
            nonPublicV4.map(b -> answer(embed("::ffff:0:0", 12, b), false)),
            nonPublicV4.map(b -> answer(embed("64:ff9b::", 12, b), false)),
            nonPublicV4.map(b -> answer(embed("2002::", 2, b), false)));
    Arbitrary<Answer> publicOnes =
        Arbitraries.oneOf(
            publicV4.map(b -> answer(b, true)),
            from(PUBLIC_V6, 16).map(b -> answer(b, true)),
            publicV4.map(b -> answer(embed("::ffff:0:0", 12, b), true)),
            publicV4.map(b -> answer(embed("64:ff9b::", 12, b), true)),
            publicV4.map(b -> answer(embed("2002::", 2, b), true)));
    return Arbitraries.frequencyOf(Tuple.of(1, nonPublic), Tuple.of(3, publicOnes))
        .list()
        .ofMinSize(1)
        .ofMaxSize(4);
  }

  @Provide
  Arbitrary<String> urlShaped() {
    Arbitrary<String> scheme =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.of("https://", "", "HTTPS://", "//")),
            Tuple.of(1, Arbitraries.just("http://")),
            Tuple.of(
                1,
                Arbitraries.of("ftp://", "javascript:", "file://", "https:", "https:/", "data:")));
    Arbitrary<String> userInfo =
        Arbitraries.frequencyOf(
            Tuple.of(8, Arbitraries.just("")),
            Tuple.of(1, Arbitraries.of("user@", "a:b@", "@", "youtube.com@")));
    Arbitrary<String> host =
        Arbitraries.oneOf(
            Arbitraries.of(
                "youtube.com",
                "www.youtube.com",
                "youtu.be",
                "m.facebook.com",
                "archive.org",
                "cdn.example.com",
                "localhost",
                "x.localhost",
                "nas.local",
                "db.internal",
                "router",
                "уоutube.com",
                "ｙｏｕｔｕｂｅ.com",
                "bücher.example",
                "a..b",
                "-a.com",
                "exa_mple.com",
                "[::1]",
                "[::ffff:127.0.0.1]",
                "[2a00:1450::1]",
                "[fe80::1%25x]",
                "[1::2::3]",
                "",
                "%6c%6fcalhost",
                "127.0.0.%31"),
            ipv4InAnyNotation(),
            from(List.of(new Cidr("::", 0)), 16).map(b -> "[" + hex6(b) + "]"));
    Arbitrary<String> port =
        Arbitraries.oneOf(
            Arbitraries.just(""),
            Arbitraries.integers().between(0, 70000).map(p -> ":" + p),
            Arbitraries.of(":", ":x", ":443"));
    Arbitrary<String> cleanPath =
        Arbitraries.strings().withChars("/?#&=%.abcXYZ019-_~|{}[]@:\u00e9\u0639").ofMaxLength(40);
    Arbitrary<String> hostilePath =
        Arbitraries.strings().withChars("/?#%.ab\\@: \r\n\t\u0000\u202e\u200b").ofMaxLength(10);
    Arbitrary<String> path =
        Arbitraries.frequencyOf(Tuple.of(5, cleanPath), Tuple.of(1, hostilePath))
            .map(p -> p.isEmpty() ? p : "/" + p);
    Arbitrary<String> extension = Arbitraries.of("", ".mp4", ".mp3", ".html", "?v=dQw4w9WgXcQ");
    return Combinators.combine(scheme, userInfo, host, port, path, extension)
        .as((s, u, h, p, pa, e) -> s + u + h + p + pa + e);
  }

  /** IPv4 addresses written as inet_aton reads them: decimal, octal, hex, 1 to 4 parts. */
  private static Arbitrary<String> ipv4InAnyNotation() {
    Arbitrary<byte[]> address = Arbitraries.oneOf(from(NON_PUBLIC_V4, 4), from(PUBLIC_V4, 4));
    Arbitrary<Integer> parts = Arbitraries.integers().between(1, 4);
    Arbitrary<Integer> radix = Arbitraries.of(8, 10, 16);
    return Combinators.combine(address, parts, radix).as(UrlGuardPropertiesTest::render);
  }

  private static String render(byte[] b, int parts, int radix) {
    long value =
        ((b[0] & 0xffL) << 24) | ((b[1] & 0xff) << 16) | ((b[2] & 0xff) << 8) | (b[3] & 0xff);
    List<Long> numbers = new ArrayList<>();
    for (int i = 0; i < parts - 1; i++) {
      numbers.add((value >>> (8 * (3 - i))) & 0xff);
    }
    numbers.add(value & ((1L << (8 * (5 - parts))) - 1));
    List<String> text = new ArrayList<>();
    for (long n : numbers) {
      text.add(
          switch (radix) {
            case 8 -> "0" + Long.toOctalString(n);
            case 16 -> "0x" + Long.toHexString(n);
            default -> Long.toString(n);
          });
    }
    return String.join(".", text);
  }

  private static Arbitrary<byte[]> from(List<Cidr> ranges, int length) {
    return Arbitraries.of(ranges)
        .flatMap(c -> Arbitraries.bytes().array(byte[].class).ofSize(length).map(c::fill));
  }

  private static byte[] embed(String v6Prefix, int offset, byte[] v4) {
    byte[] out = literal(v6Prefix);
    System.arraycopy(v4, 0, out, offset, 4);
    return out;
  }

  private static Answer answer(byte[] bytes, boolean isPublic) {
    try {
      return new Answer(InetAddress.getByAddress(bytes), isPublic);
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String hex6(byte[] b) {
    StringBuilder s = new StringBuilder();
    for (int i = 0; i < 16; i += 2) {
      s.append(i == 0 ? "" : ":")
          .append(Integer.toHexString(((b[i] & 0xff) << 8) | (b[i + 1] & 0xff)));
    }
    return s.toString();
  }

  private static byte[] literal(String text) {
    try {
      return InetAddress.getByName(text).getAddress().length == 4 && text.contains(":")
          ? IpLiteral.parseIpv6(text).orElseThrow()
          : InetAddress.getByName(text).getAddress();
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
