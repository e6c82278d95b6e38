package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.RefusalReason;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

class UrlGuardTest {
  private final List<String> resolvedHosts = new ArrayList<>();

  private UrlGuard guard(IntakeSettings settings, List<InetAddress> answer) {
    return new UrlGuard(
        settings,
        new SourceRouter(settings),
        host -> {
          resolvedHosts.add(host);
          if (answer.isEmpty()) {
            throw new UnknownHostException(host);
          }
          return answer;
        });
  }

  private final UrlGuard guard = guard(IntakeSettings.defaults(), List.of());

  static Stream<Arguments> forbiddenCharacters() {
    return Stream.of(
        Arguments.of("CR LF header injection", "https://cdn.example.com/a.mp4\r\nHost: evil"),
        Arguments.of("LF", "https://cdn.example.com/a\n.mp4"),
        Arguments.of("tab", "https://cdn.example.com/a\t.mp4"),
        Arguments.of("NUL", "https://cdn.example.com/a\u0000.mp4"),
        Arguments.of("DEL", "https://cdn.example.com/a\u007f.mp4"),
        Arguments.of("C1 NEL", "https://cdn.example.com/a\u0085.mp4"),
        Arguments.of("space", "https://cdn.example.com/a b.mp4"),
        Arguments.of("no-break space", "https://cdn.example.com/a\u00a0b.mp4"),
        Arguments.of("ideographic space", "https://cdn.example.com/a\u3000b.mp4"),
        Arguments.of("zero-width space in host", "https://you\u200btube.com/watch?v=dQw4w9WgXcQ"),
        Arguments.of("right-to-left override", "https://cdn.example.com/\u202e4pm.exe"),
        Arguments.of("soft hyphen in host", "https://you\u00adtube.com/watch?v=dQw4w9WgXcQ"),
        Arguments.of("byte order mark inside", "https://cdn.example.com/\ufeffa.mp4"),
        Arguments.of("lone surrogate", "https://cdn.example.com/\ud800a.mp4"),
        Arguments.of("backslash", "https://cdn.example.com\\@youtube.com/a.mp4"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("forbiddenCharacters")
  void givenAForbiddenCharacter_whenChecked_thenMalformed(String name, String url) {
    assertThat(guard.check(url))
        .isInstanceOfSatisfying(
            GuardResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(RefusalReason.MALFORMED));
  }

  @Test
  void givenSurroundingWhitespace_whenChecked_thenItIsIgnored() {
    assertThat(guard.check("  https://youtu.be/dQw4w9WgXcQ \n"))
        .isEqualTo(new GuardResult.Accepted(URI.create("https://youtu.be/dQw4w9WgXcQ")));
  }

  @Test
  void givenALinkOfExactlyTheLimit_whenChecked_thenAcceptedAndOneMoreIsTooLong() {
    String base = "https://cdn.example.com/";
    String atLimit = base + "a".repeat(UrlGuard.MAX_LENGTH - base.length() - 4) + ".mp4";

    assertThat(atLimit).hasSize(UrlGuard.MAX_LENGTH);
    assertThat(guard.check(atLimit)).isInstanceOf(GuardResult.Accepted.class);
    assertThat(guard.check(atLimit.replace(".mp4", "a.mp4")))
        .isEqualTo(new GuardResult.Refused(RefusalReason.TOO_LONG, "longer than 2048 characters"));
  }

  @Test
  void givenNull_whenChecked_thenMalformedWithoutThrowing() {
    assertThat(guard.check(null)).isInstanceOf(GuardResult.Refused.class);
    assertThat(guard.checkResolved(null)).isInstanceOf(GuardResult.Refused.class);
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "https://2130706433/ | https://127.0.0.1/",
        "https://0177.0.0.1/ | https://127.0.0.1/",
        "https://0x7f.1/ | https://127.0.0.1/",
        "https://127.1/ | https://127.0.0.1/",
        "https://0x7F.0x00.0x00.0x01/ | https://127.0.0.1/",
        "https://0300.0250.0.1/ | https://192.168.0.1/",
        "https://10.1/x.mp4 | https://10.0.0.1/x.mp4",
        "https://0x8.0x8.0x8.0x8/ | https://8.8.8.8/",
        "https://8.8.2056/ | https://8.8.8.8/",
        "https://0x08080808/ | https://8.8.8.8/",
        "https://8.8.8.8./ | https://8.8.8.8/",
        "https://0x/ | https://0.0.0.0/",
        "https://4294967295/ | https://255.255.255.255/"
      })
  void givenAnyIpv4Notation_whenPrivateAddressesAreAllowed_thenTheHostIsTheDottedQuad(
      String url, String expected) {
    UrlGuard lenient = guard(new IntakeSettings(false, true, List.of(), List.of(), 5), List.of());

    assertThat(lenient.check(url)).isEqualTo(new GuardResult.Accepted(URI.create(expected)));
  }

  @Test
  void givenA33BitDecimalHost_whenChecked_thenMalformed() {
    assertThat(guard.check("https://4294967296/a.mp4"))
        .isInstanceOfSatisfying(
            GuardResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(RefusalReason.MALFORMED));
  }

  @Test
  void givenAPublicNameResolvingOnlyToPublicAddresses_whenCheckedResolved_thenAccepted()
      throws Exception {
    UrlGuard dns =
        guard(
            IntakeSettings.defaults(),
            List.of(ip("93.184.215.14"), ip("2606:2800:21f:cb07:6820:80da:af6b:8b2c")));

    assertThat(dns.checkResolved(URI.create("https://cdn.example.com/a.mp4")))
        .isEqualTo(new GuardResult.Accepted(URI.create("https://cdn.example.com/a.mp4")));
    assertThat(resolvedHosts).containsExactly("cdn.example.com");
  }

  @Test
  void givenOneOfManyAddressesIsPrivate_whenCheckedResolved_thenRefused() throws Exception {
    UrlGuard dns = guard(IntakeSettings.defaults(), List.of(ip("93.184.215.14"), ip("10.0.0.5")));

    assertThat(dns.checkResolved(URI.create("https://cdn.example.com/a.mp4")))
        .isEqualTo(
            new GuardResult.Refused(
                RefusalReason.PRIVATE_ADDRESS,
                "cdn.example.com resolves to 10.0.0.5, private 10.0.0.0/8"));
  }

  @Test
  void givenARedirectToTheMetadataService_whenCheckedResolved_thenRefusedWithoutDns() {
    UrlGuard dns = guard(IntakeSettings.defaults(), List.of());

    assertThat(dns.checkResolved(URI.create("http://169.254.169.254/latest/meta-data/")))
        .isInstanceOfSatisfying(
            GuardResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(RefusalReason.PRIVATE_ADDRESS));
    assertThat(resolvedHosts).isEmpty();
  }

  @Test
  void givenARedirectToPlainHttpOnAGenericHost_whenCheckedResolved_thenBadScheme() {
    UrlGuard dns = guard(IntakeSettings.defaults(), List.of());

    assertThat(dns.checkResolved(URI.create("http://cdn.example.com/a.mp4")))
        .isInstanceOfSatisfying(
            GuardResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(RefusalReason.BAD_SCHEME));
  }

  @Test
  void givenAPublicIpLiteral_whenCheckedResolved_thenNoDnsIsAsked() {
    UrlGuard dns = guard(IntakeSettings.defaults(), List.of());

    assertThat(dns.checkResolved(URI.create("https://8.8.8.8/a.mp4")))
        .isInstanceOf(GuardResult.Accepted.class);
    assertThat(dns.checkResolved(URI.create("https://[2a00:1450::1]/a.mp4")))
        .isInstanceOf(GuardResult.Accepted.class);
    assertThat(resolvedHosts).isEmpty();
  }

  @Test
  void givenPrivateAddressesAllowed_whenCheckedResolved_thenNeitherDnsNorAddressRulesApply() {
    UrlGuard lenient = guard(new IntakeSettings(true, true, List.of(), List.of(), 5), List.of());

    assertThat(lenient.checkResolved(URI.create("http://localhost:8080/a.mp4")))
        .isInstanceOf(GuardResult.Accepted.class);
    assertThat(resolvedHosts).isEmpty();
  }

  @Test
  void givenAResolverWithNoAnswer_whenCheckedResolved_thenUnresolvable() {
    UrlGuard empty =
        new UrlGuard(
            IntakeSettings.defaults(),
            new SourceRouter(IntakeSettings.defaults()),
            host -> List.of());

    assertThat(empty.checkResolved(URI.create("https://cdn.example.com/a.mp4")))
        .isInstanceOfSatisfying(
            GuardResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNRESOLVABLE));
  }

  @Test
  void givenAnIdnHost_whenChecked_thenTheUriCarriesThePunycodeHost() {
    GuardResult result = guard.check("https://bücher.example/hörbuch.mp3");

    assertThat(result)
        .isInstanceOfSatisfying(
            GuardResult.Accepted.class,
            a -> {
              assertThat(a.uri().getHost()).isEqualTo("xn--bcher-kva.example");
              assertThat(a.uri().getPath()).isEqualTo("/hörbuch.mp3");
            });
  }

  @Test
  void givenCharactersJavaRefusesButBrowsersEscape_whenChecked_thenTheyAreEscaped() {
    assertThat(guard.check("https://cdn.example.com/a|b{c}^.mp4?q=[1]&p=50%#x#y"))
        .isEqualTo(
            new GuardResult.Accepted(
                URI.create("https://cdn.example.com/a%7Cb%7Bc%7D%5E.mp4?q=%5B1%5D&p=50%25#x%23y")));
  }

  @Test
  void givenAPublicName_whenCheckedAndPinned_thenTheAddressesJudgedAreHandedBackFromOneLookup()
      throws Exception {
    UrlGuard dns =
        guard(IntakeSettings.defaults(), List.of(ip("93.184.215.14"), ip("2606:2800::1")));

    assertThat(dns.checkAndPin(URI.create("https://cdn.example.com/a.mp4")))
        .isEqualTo(
            new PinResult.Pinned(
                URI.create("https://cdn.example.com/a.mp4"),
                List.of(ip("93.184.215.14"), ip("2606:2800::1"))));
    assertThat(resolvedHosts).containsExactly("cdn.example.com");
  }

  @Test
  void givenOneOfManyAddressesIsPrivate_whenCheckedAndPinned_thenRefusedLikeCheckResolved()
      throws Exception {
    UrlGuard dns = guard(IntakeSettings.defaults(), List.of(ip("93.184.215.14"), ip("10.0.0.5")));

    assertThat(dns.checkAndPin(URI.create("https://cdn.example.com/a.mp4")))
        .isEqualTo(
            new PinResult.Refused(
                RefusalReason.PRIVATE_ADDRESS,
                "cdn.example.com resolves to 10.0.0.5, private 10.0.0.0/8"));
  }

  @Test
  void givenAnIpLiteral_whenCheckedAndPinned_thenNothingIsLookedUpOrPinned() {
    UrlGuard dns = guard(IntakeSettings.defaults(), List.of());

    assertThat(dns.checkAndPin(URI.create("https://8.8.8.8/a.mp4")))
        .isEqualTo(new PinResult.Pinned(URI.create("https://8.8.8.8/a.mp4"), List.of()));
    assertThat(resolvedHosts).isEmpty();
  }

  @Test
  void givenPrivateAddressesAllowed_whenCheckedAndPinned_thenResolvedOnceWithoutAddressRules()
      throws Exception {
    UrlGuard lenient =
        guard(new IntakeSettings(true, true, List.of(), List.of(), 5), List.of(ip("127.0.0.1")));

    assertThat(lenient.checkAndPin(URI.create("http://media.example.com:8080/a.mp4")))
        .isEqualTo(
            new PinResult.Pinned(
                URI.create("http://media.example.com:8080/a.mp4"), List.of(ip("127.0.0.1"))));
    assertThat(resolvedHosts).containsExactly("media.example.com");
  }

  @Test
  void givenAnUnresolvableName_whenCheckedAndPinned_thenUnresolvable() {
    UrlGuard dns = guard(IntakeSettings.defaults(), List.of());

    assertThat(dns.checkAndPin(URI.create("https://cdn.example.com/a.mp4")))
        .isEqualTo(
            new PinResult.Refused(RefusalReason.UNRESOLVABLE, "cdn.example.com does not resolve"));
  }

  @Test
  void givenALinkTheIntakeCheckRefuses_whenCheckedAndPinned_thenRefusedWithoutDns() {
    assertThat(guard.checkAndPin(URI.create("ftp://cdn.example.com/a.mp4")))
        .isInstanceOfSatisfying(
            PinResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(RefusalReason.BAD_SCHEME));
    assertThat(resolvedHosts).isEmpty();
  }

  private static InetAddress ip(String literal) throws UnknownHostException {
    return InetAddress.getByName(literal);
  }
}
