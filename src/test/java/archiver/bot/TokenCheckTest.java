package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.testing.FakeBotApi;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** {@code doctor}'s getMe through the bot's own client, against the fake Bot API. */
class TokenCheckTest {

  private static final String TOKEN = "123456789:AAH-test-token-for-the-fake-bot-api-xyz";

  private FakeBotApi telegram;

  @BeforeEach
  void start() {
    telegram = FakeBotApi.start(TOKEN);
  }

  @AfterEach
  void stop() {
    telegram.close();
  }

  @Test
  void aValidTokenNamesTheBot() {
    assertThat(TokenCheck.getMe(TOKEN, telegram.baseUrl()))
        .isEqualTo(new TokenCheck.Accepted(telegram.botUsername()));
    assertThat(telegram.calls("getMe"))
        .singleElement()
        .satisfies(c -> assertThat(c.succeeded()).isTrue());
  }

  @Test
  @DisplayName("A valid answer with spaces, line breaks and another key order is read as JSON")
  void anAnswerLaidOutDifferentlyIsStillRead() {
    // The old check looked for the text "ok":true and the username with a regular expression.
    telegram.answerNextVerbatim(
        "getMe",
        1,
        200,
        "{\n  \"result\" : {\"username\" : \"spaced_bot\", \"first_name\": \"Spaced\",\n"
            + "    \"is_bot\": true, \"id\": 123456789},\n  \"ok\" : true\n}");

    assertThat(TokenCheck.getMe(TOKEN, telegram.baseUrl()))
        .isEqualTo(new TokenCheck.Accepted("spaced_bot"));
  }

  @Test
  void aWrongTokenIsRefusedWithTheBotApisCodeAndWords() {
    assertThat(TokenCheck.getMe("42:wrong", telegram.baseUrl()))
        .isEqualTo(new TokenCheck.Refused("127.0.0.1:" + telegram.port(), 401, "Unauthorized"));
    assertThat(((TokenCheck.Failure) TokenCheck.getMe("42:wrong", telegram.baseUrl())).sentence())
        .isEqualTo("Telegram refused the bot token (401 Unauthorized): check TELEGRAM_BOT_TOKEN");
  }

  @Test
  @DisplayName("A malformed token gets 404 Not Found from the real Bot API: also the token's fault")
  void aNotFoundAnswerIsARefusedToken() {
    telegram.failNext(
        "getMe", 1, 404, "{\"ok\":false,\"error_code\":404,\"description\":\"Not Found\"}");

    assertThat(((TokenCheck.Failure) TokenCheck.getMe(TOKEN, telegram.baseUrl())).sentence())
        .isEqualTo("Telegram refused the bot token (404 Not Found): check TELEGRAM_BOT_TOKEN");
  }

  @Test
  void aNameThatDoesNotResolveIsADnsFailureNamingTheHost() {
    TokenCheck.Result result = TokenCheck.getMe(TOKEN, "http://nonexistent.invalid");

    assertThat(result)
        .isInstanceOfSatisfying(
            Unreachable.class,
            u -> {
              assertThat(u.cause()).isEqualTo(Unreachable.Cause.DNS);
              assertThat(u.sentence())
                  .isEqualTo(
                      "cannot reach nonexistent.invalid: the name does not resolve (DNS); check"
                          + " the server's network and DNS settings");
            });
  }

  @Test
  @DisplayName("A server that accepts the connection and never answers times out, in the set time")
  void aServerThatNeverAnswersTimesOut() throws Exception {
    try (ServerSocket silent = new ServerSocket()) {
      silent.bind(new InetSocketAddress("127.0.0.1", 0));
      Thread.ofVirtual()
          .start(
              () -> {
                try {
                  silent.accept(); // and never answer
                } catch (java.io.IOException closed) {
                  // the test is over
                }
              });
      String base = "http://127.0.0.1:" + silent.getLocalPort();

      TokenCheck.Result result = TokenCheck.getMe(TOKEN, base, Duration.ofMillis(300));

      assertThat(result)
          .isInstanceOfSatisfying(
              Unreachable.class,
              u -> {
                assertThat(u.cause()).isEqualTo(Unreachable.Cause.TIMEOUT);
                assertThat(u.sentence())
                    .startsWith(
                        "127.0.0.1:" + silent.getLocalPort() + " did not answer within 300 ms;");
              });
    }
  }

  @Test
  @DisplayName("A proxy's HTML error page is a typed refusal, not a parse failure")
  void aProxysHtmlPageIsARefusalWithItsStatus() {
    telegram.failNextWithHtml("getMe", 2, 502);

    TokenCheck.Result result = TokenCheck.getMe(TOKEN, telegram.baseUrl());

    assertThat(result)
        .isInstanceOfSatisfying(
            TokenCheck.Refused.class,
            r -> {
              assertThat(r.errorCode()).isEqualTo(502);
              assertThat(r.description()).contains("HTML page");
            });
  }

  @Test
  void aServerThatIsNotThereIsUnreachable() throws Exception {
    int port;
    try (ServerSocket free = new ServerSocket()) {
      free.bind(new InetSocketAddress("127.0.0.1", 0));
      port = free.getLocalPort();
    }

    TokenCheck.Result result = TokenCheck.getMe(TOKEN, "http://127.0.0.1:" + port);

    assertThat(result)
        .isInstanceOfSatisfying(
            Unreachable.class,
            u -> {
              assertThat(u.cause()).isEqualTo(Unreachable.Cause.REFUSED);
              assertThat(u.sentence())
                  .isEqualTo(
                      "127.0.0.1:"
                          + port
                          + " refused the connection; is telegram.api_base_url right and the Bot"
                          + " API server running?")
                  .doesNotContain(TOKEN);
            });
  }
}
