package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class AddressPolicyTest {

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "0.0.0.0 | \"this network\" 0.0.0.0/8",
        "0.255.1.1 | \"this network\" 0.0.0.0/8",
        "10.20.30.40 | private 10.0.0.0/8",
        "100.64.0.0 | carrier-grade NAT 100.64.0.0/10",
        "100.127.255.255 | carrier-grade NAT 100.64.0.0/10",
        "127.0.0.1 | loopback 127.0.0.0/8",
        "127.200.0.1 | loopback 127.0.0.0/8",
        "169.254.169.254 | link-local 169.254.0.0/16",
        "172.16.0.0 | private 172.16.0.0/12",
        "172.31.255.255 | private 172.16.0.0/12",
        "192.0.0.8 | IETF protocol assignments 192.0.0.0/24",
        "192.0.2.1 | documentation 192.0.2.0/24",
        "192.88.99.1 | 6to4 relay anycast 192.88.99.0/24",
        "192.168.255.255 | private 192.168.0.0/16",
        "198.18.0.1 | benchmarking 198.18.0.0/15",
        "198.19.255.255 | benchmarking 198.18.0.0/15",
        "198.51.100.1 | documentation 198.51.100.0/24",
        "203.0.113.255 | documentation 203.0.113.0/24",
        "224.0.0.251 | multicast 224.0.0.0/4",
        "239.255.255.255 | multicast 224.0.0.0/4",
        "240.0.0.1 | reserved 240.0.0.0/4 (and broadcast)",
        "255.255.255.255 | reserved 240.0.0.0/4 (and broadcast)",
        ":: | unspecified ::",
        "::1 | loopback ::1",
        "::ffff:10.1.2.3 | IPv4-mapped private 10.0.0.0/8",
        "::10.1.2.3 | deprecated IPv4-compatible ::/96",
        "::8.8.8.8 | deprecated IPv4-compatible ::/96",
        "::ffff:0:8.8.8.8 | not global unicast (outside 2000::/3)",
        "64:ff9b::c0a8:1 | NAT64 64:ff9b::/96 of private 192.168.0.0/16",
        "64:ff9b:1::1 | not global unicast (outside 2000::/3)",
        "100::1 | not global unicast (outside 2000::/3)",
        "2001::1 | IETF protocol assignments 2001::/23",
        "2001:0:4136:e378:8000:63bf:3fff:fdd2 | IETF protocol assignments 2001::/23",
        "2001:2::1 | IETF protocol assignments 2001::/23",
        "2001:db8:85a3::8a2e:370:7334 | documentation 2001:db8::/32",
        "2002:a9fe:a9fe::1 | 6to4 2002::/16 of link-local 169.254.0.0/16",
        "2002:c000:0201::1 | 6to4 2002::/16 of documentation 192.0.2.0/24",
        "3fff::1 | documentation 3fff::/20",
        "5f00::1 | not global unicast (outside 2000::/3)",
        "fc00::1 | unique local fc00::/7",
        "fdff:ffff::1 | unique local fc00::/7",
        "fe80::1 | link-local fe80::/10",
        "febf::1 | link-local fe80::/10",
        "fec0::1 | site-local fec0::/10",
        "ff02::fb | multicast ff00::/8"
      })
  void givenANonPublicAddress_whenJudged_thenItsRangeIsNamed(String literal, String range)
      throws UnknownHostException {
    assertThat(AddressPolicy.nonPublicRange(bytes(literal))).contains(range);
    // java.net turns ::ffff:a.b.c.d into an Inet4Address; the verdict must not change.
    assertThat(AddressPolicy.isPublic(InetAddress.getByName(literal))).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "1.1.1.1",
        "8.8.8.8",
        "9.255.255.255",
        "11.0.0.0",
        "100.63.255.255",
        "100.128.0.0",
        "126.255.255.255",
        "128.0.0.0",
        "169.253.255.255",
        "172.15.255.255",
        "172.32.0.0",
        "192.0.3.0",
        "192.167.255.255",
        "192.169.0.0",
        "198.17.255.255",
        "198.20.0.0",
        "223.255.255.255",
        "2a00:1450:4001:80b::200e",
        "2606:4700:4700::1111",
        "2001:200::1",
        "2002:808:808::1",
        "64:ff9b::808:808",
        "::ffff:8.8.8.8",
        "3ffe::1"
      })
  void givenAPublicAddress_whenJudged_thenItIsPublic(String literal) throws UnknownHostException {
    assertThat(AddressPolicy.nonPublicRange(bytes(literal))).isEmpty();
    assertThat(AddressPolicy.isPublic(InetAddress.getByName(literal))).isTrue();
  }

  /** Raw bytes as the guard sees them: IPv6 literals keep their IPv4-mapped form. */
  private static byte[] bytes(String literal) throws UnknownHostException {
    return literal.contains(":")
        ? IpLiteral.parseIpv6(literal).orElseThrow()
        : InetAddress.getByName(literal).getAddress();
  }

  @Test
  void givenBytesOfAnOddLength_whenJudged_thenNotPublic() {
    assertThat(AddressPolicy.nonPublicRange(new byte[5])).isPresent();
  }
}
