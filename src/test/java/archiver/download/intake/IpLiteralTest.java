package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class IpLiteralTest {

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "127.0.0.1 | 127.0.0.1",
        "2130706433 | 127.0.0.1",
        "0177.0.0.1 | 127.0.0.1",
        "0x7f.1 | 127.0.0.1",
        "0X7F.1 | 127.0.0.1",
        "127.1 | 127.0.0.1",
        "127.0.1 | 127.0.0.1",
        "0x7f000001 | 127.0.0.1",
        "017700000001 | 127.0.0.1",
        "0x00000000000007f.1 | 127.0.0.1",
        "0 | 0.0.0.0",
        "0x | 0.0.0.0",
        "1.2.3.4. | 1.2.3.4",
        "192.168.257 | 192.168.1.1",
        "4294967295 | 255.255.255.255"
      })
  void givenAnInetAtonNotation_whenParsed_thenTheDottedQuad(String host, String dotted) {
    assertThat(IpLiteral.parseIpv4(host))
        .hasValueSatisfying(b -> assertThat(IpLiteral.formatIpv4(b)).isEqualTo(dotted));
    assertThat(IpLiteral.endsInNumber(host)).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "4294967296",
        "256.0.0.1",
        "1.2.3.4.5",
        "08.0.0.1",
        "0x1g.1",
        "1..1",
        "1.2.3.256",
        "1.2.65536",
        "99999999999999999999999"
      })
  void givenAnInvalidNumericHost_whenParsed_thenEmpty(String host) {
    assertThat(IpLiteral.parseIpv4(host)).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(strings = {"example.com", "1.2.3.com", "youtube", "a0x1", "1a"})
  void givenANameEndingInALabel_whenAsked_thenItDoesNotEndInANumber(String host) {
    assertThat(IpLiteral.endsInNumber(host)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "::1",
        "::",
        "1::",
        "::ffff:127.0.0.1",
        "1:2:3:4:5:6:7:8",
        "1:2:3:4:5:6:1.2.3.4",
        "FE80::1",
        "2001:db8::8a2e:370:7334"
      })
  void givenAValidIpv6Literal_whenParsed_thenSixteenBytes(String text) {
    assertThat(IpLiteral.parseIpv6(text)).hasValueSatisfying(b -> assertThat(b).hasSize(16));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        ":",
        ":::",
        "1::2::3",
        "1:2:3:4:5:6:7:8:9",
        "1:2:3:4:5:6:7",
        "12345::",
        "::1.2.3",
        "::01.2.3.4",
        "::256.1.1.1",
        "1.2.3.4::",
        "fe80::1%eth0",
        "g::1",
        "::1.2.3.4:5"
      })
  void givenAnInvalidIpv6Literal_whenParsed_thenEmpty(String text) {
    assertThat(IpLiteral.parseIpv6(text)).isEmpty();
  }
}
