package archiver.download.intake;

import java.net.InetAddress;
import java.util.List;
import java.util.Optional;

/**
 * Which IP addresses the bot may connect to: only public unicast ones.
 *
 * <p>The ranges come from the IANA special-purpose address registries
 * (https://www.iana.org/assignments/iana-ipv4-special-registry and iana-ipv6-special-registry).
 * IPv6 is judged by allow-list: only 2000::/3 is global unicast, minus its special blocks; an
 * address that embeds IPv4 (IPv4-mapped, NAT64 64:ff9b::/96, 6to4 2002::/16) is judged by the IPv4
 * address inside, because a gateway will deliver the packets there.
 */
final class AddressPolicy {

  private record V4Range(int network, int prefix, String name) {
    boolean contains(int address) {
      int mask = prefix == 0 ? 0 : -1 << (32 - prefix);
      return (address & mask) == (network & mask);
    }
  }

  private static final List<V4Range> NON_PUBLIC_V4 =
      List.of(
          v4(0, 0, 0, 0, 8, "\"this network\" 0.0.0.0/8"),
          v4(10, 0, 0, 0, 8, "private 10.0.0.0/8"),
          v4(100, 64, 0, 0, 10, "carrier-grade NAT 100.64.0.0/10"),
          v4(127, 0, 0, 0, 8, "loopback 127.0.0.0/8"),
          v4(169, 254, 0, 0, 16, "link-local 169.254.0.0/16"),
          v4(172, 16, 0, 0, 12, "private 172.16.0.0/12"),
          v4(192, 0, 0, 0, 24, "IETF protocol assignments 192.0.0.0/24"),
          v4(192, 0, 2, 0, 24, "documentation 192.0.2.0/24"),
          v4(192, 88, 99, 0, 24, "6to4 relay anycast 192.88.99.0/24"),
          v4(192, 168, 0, 0, 16, "private 192.168.0.0/16"),
          v4(198, 18, 0, 0, 15, "benchmarking 198.18.0.0/15"),
          v4(198, 51, 100, 0, 24, "documentation 198.51.100.0/24"),
          v4(203, 0, 113, 0, 24, "documentation 203.0.113.0/24"),
          v4(224, 0, 0, 0, 4, "multicast 224.0.0.0/4"),
          v4(240, 0, 0, 0, 4, "reserved 240.0.0.0/4 (and broadcast)"));

  private AddressPolicy() {}

  /** True when the bot may connect to this address. */
  static boolean isPublic(InetAddress address) {
    return nonPublicRange(address.getAddress()).isEmpty();
  }

  /** The name of the non-public range holding this address, or empty when it is public. */
  static Optional<String> nonPublicRange(InetAddress address) {
    return nonPublicRange(address.getAddress());
  }

  /** Same, for raw address bytes (4 for IPv4, 16 for IPv6). */
  static Optional<String> nonPublicRange(byte[] address) {
    if (address.length == 4) {
      return v4Range(address, 0);
    }
    if (address.length == 16) {
      return v6Range(address);
    }
    return Optional.of("not an IP address");
  }

  private static Optional<String> v4Range(byte[] bytes, int offset) {
    int value =
        ((bytes[offset] & 0xff) << 24)
            | ((bytes[offset + 1] & 0xff) << 16)
            | ((bytes[offset + 2] & 0xff) << 8)
            | (bytes[offset + 3] & 0xff);
    for (V4Range range : NON_PUBLIC_V4) {
      if (range.contains(value)) {
        return Optional.of(range.name());
      }
    }
    return Optional.empty();
  }

  private static Optional<String> v6Range(byte[] a) {
    if (zero(a, 0, 10) && a[10] == (byte) 0xff && a[11] == (byte) 0xff) {
      return v4Range(a, 12).map(r -> "IPv4-mapped " + r);
    }
    if (zero(a, 0, 15)) {
      return Optional.of(a[15] == 0 ? "unspecified ::" : a[15] == 1 ? "loopback ::1" : "::/96");
    }
    if (zero(a, 0, 12)) {
      return Optional.of("deprecated IPv4-compatible ::/96");
    }
    if (prefix(a, 0x00, 0x64, 0xff, 0x9b) && zero(a, 4, 12)) {
      return v4Range(a, 12).map(r -> "NAT64 64:ff9b::/96 of " + r);
    }
    if (prefix(a, 0x20, 0x02)) {
      return v4Range(a, 2).map(r -> "6to4 2002::/16 of " + r);
    }
    int first = a[0] & 0xff;
    if ((first & 0xe0) != 0x20) {
      if ((first & 0xfe) == 0xfc) {
        return Optional.of("unique local fc00::/7");
      }
      if (first == 0xfe && (a[1] & 0xc0) == 0x80) {
        return Optional.of("link-local fe80::/10");
      }
      if (first == 0xfe && (a[1] & 0xc0) == 0xc0) {
        return Optional.of("site-local fec0::/10");
      }
      if (first == 0xff) {
        return Optional.of("multicast ff00::/8");
      }
      return Optional.of("not global unicast (outside 2000::/3)");
    }
    if (prefix(a, 0x20, 0x01, 0x0d, 0xb8)) {
      return Optional.of("documentation 2001:db8::/32");
    }
    if (prefix(a, 0x20, 0x01) && (a[2] & 0xfe) == 0) {
      // Includes Teredo 2001::/32, whose relays would tunnel to an embedded IPv4 address.
      return Optional.of("IETF protocol assignments 2001::/23");
    }
    if (first == 0x3f && (a[1] & 0xff) == 0xff && (a[2] & 0xf0) == 0) {
      return Optional.of("documentation 3fff::/20");
    }
    return Optional.empty();
  }

  private static boolean zero(byte[] a, int from, int to) {
    for (int i = from; i < to; i++) {
      if (a[i] != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean prefix(byte[] a, int... leading) {
    for (int i = 0; i < leading.length; i++) {
      if ((a[i] & 0xff) != leading[i]) {
        return false;
      }
    }
    return true;
  }

  private static V4Range v4(int a, int b, int c, int d, int prefix, String name) {
    return new V4Range((a << 24) | (b << 16) | (c << 8) | d, prefix, name);
  }
}
