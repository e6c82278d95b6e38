package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.stream.Stream;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/** The cause found in the chain the TelegramBots client throws, as OkHttp and the JDK nest it. */
class UnreachableTest {

  static Stream<Arguments> chains() {
    return Stream.of(
        Arguments.of(new UnknownHostException("api.telegram.org"), Unreachable.Cause.DNS),
        Arguments.of(
            wrapped(new ConnectException("Connection refused")), Unreachable.Cause.REFUSED),
        Arguments.of(
            wrapped(new NoRouteToHostException("No route to host")), Unreachable.Cause.NO_ROUTE),
        Arguments.of(
            wrapped(new SocketException("Network is unreachable")), Unreachable.Cause.NO_ROUTE),
        Arguments.of(
            wrapped(new ConnectException("Connection timed out")), Unreachable.Cause.TIMEOUT),
        Arguments.of(new SocketTimeoutException("timeout"), Unreachable.Cause.TIMEOUT),
        Arguments.of(new InterruptedIOException("timeout"), Unreachable.Cause.TIMEOUT),
        Arguments.of(new SSLHandshakeException("PKIX path building failed"), Unreachable.Cause.TLS),
        Arguments.of(new IOException("unexpected end of stream"), Unreachable.Cause.OTHER));
  }

  /** OkHttp's "Failed to connect to" ConnectException around the socket's own exception. */
  private static IOException wrapped(IOException socket) {
    ConnectException okhttp = new ConnectException("Failed to connect to /127.0.0.1:1");
    okhttp.initCause(socket);
    return okhttp;
  }

  @ParameterizedTest
  @MethodSource("chains")
  void theDeepestPreciseCauseInTheChainWins(IOException io, Unreachable.Cause expected) {
    TelegramApiException thrown = new TelegramApiException("Unable to execute getme method", io);

    assertThat(Unreachable.classify(thrown)).isEqualTo(expected);
  }

  @Test
  void everyCauseIsOnePlainLineNamingTheServer() {
    for (Unreachable.Cause cause : Unreachable.Cause.values()) {
      String sentence =
          new Unreachable(cause, "api.telegram.org", Duration.ofSeconds(10), "detail").sentence();

      assertThat(sentence).contains("api.telegram.org").doesNotContain("\n", "Exception");
    }
    assertThat(
            new Unreachable(
                    Unreachable.Cause.NO_ROUTE, "api.telegram.org", Duration.ofSeconds(10), "")
                .sentence())
        .startsWith("no network route to api.telegram.org;");
    assertThat(
            new Unreachable(
                    Unreachable.Cause.TIMEOUT, "api.telegram.org", Duration.ofSeconds(10), "")
                .sentence())
        .startsWith("api.telegram.org did not answer within 10 s;");
  }
}
