package archiver.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class AccessGateTest {

  private static final String TOKEN = "s3cret-token-of-the-operator";
  private final AccessGate gate = new AccessGate(Optional.of(TOKEN));

  private AccessGate.Decision decide(String query, String authorization, String cookie) {
    return gate.decide(
        "/jobs",
        Optional.ofNullable(query),
        Optional.ofNullable(authorization),
        cookie == null ? List.of() : List.of(cookie));
  }

  @Test
  void withoutATokenConfiguredEveryoneOnLoopbackIsAllowed() {
    assertThat(
            new AccessGate(Optional.empty())
                .decide("/", Optional.empty(), Optional.empty(), List.of()))
        .isInstanceOf(AccessGate.Allowed.class);
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "-",
      value = {
        "-, -, Refused",
        "-, Bearer s3cret-token-of-the-operator, Allowed",
        "-, bearer s3cret-token-of-the-operator, Allowed",
        "-, Bearer s3cret-token-of-the-operatoR, Refused",
        "-, Basic czNjcmV0, Refused",
        "token=wrong, -, Refused",
        "status=FAILED&token=wrong, -, Refused",
      })
  void theTokenIsAskedForByHeaderOrQuery(String query, String authorization, String decision) {
    assertThat(decide(query, authorization, null).getClass().getSimpleName()).isEqualTo(decision);
  }

  @Test
  void aGoodQueryTokenSetsACookieThatIsNotTheTokenAndRedirectsWithoutIt() {
    AccessGate.Decision d = decide("status=FAILED&token=" + TOKEN + "&before=9", null, null);

    assertThat(d).isInstanceOf(AccessGate.RememberAndRedirect.class);
    AccessGate.RememberAndRedirect r = (AccessGate.RememberAndRedirect) d;
    assertThat(r.location()).isEqualTo("/jobs?status=FAILED&before=9");
    assertThat(r.setCookie())
        .startsWith("archiver_web=")
        .contains("HttpOnly", "SameSite=Strict")
        .doesNotContain(TOKEN);

    String cookie = r.setCookie().substring(0, r.setCookie().indexOf(';'));
    assertThat(decide(null, null, "other=1; " + cookie)).isInstanceOf(AccessGate.Allowed.class);
    assertThat(decide(null, null, "archiver_web=forged")).isInstanceOf(AccessGate.Refused.class);
    assertThat(decide(null, "Bearer " + cookie.substring(cookie.indexOf('=') + 1), null))
        .as("the cookie's value is no bearer token")
        .isInstanceOf(AccessGate.Refused.class);
  }

  @Test
  void theRedirectStaysOnThisSite() {
    AccessGate.Decision d =
        gate.decide("//evil.example/x", Optional.of("token=" + TOKEN), Optional.empty(), List.of());

    assertThat(((AccessGate.RememberAndRedirect) d).location()).isEqualTo("/");
  }
}
