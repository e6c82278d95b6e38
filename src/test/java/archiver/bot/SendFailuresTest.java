package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.delivery.JobObserver.SendResult;
import archiver.domain.ErrorType;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/** What a failed send means, from the Bot API's error code and description. */
class SendFailuresTest {

  @ParameterizedTest(name = "{0} {1} -> {2}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          502 | Bad Gateway: the Bot API server answered 502 with an HTML page | TELEGRAM_ERROR
          500 | Internal Server Error                                          | TELEGRAM_ERROR
          504 | Gateway Timeout                                                | TELEGRAM_ERROR
          429 | Too Many Requests: retry after 400                             | RATE_LIMIT
          413 | Request Entity Too Large                                       | SIZE_LIMIT
          400 | Bad Request: file is too big                                   | SIZE_LIMIT
          400 | Bad Request: wrong file identifier/HTTP URL specified          | UNKNOWN
          """)
  void anAnswerWithAnErrorCodeIsTypedByItsCode(int code, String description, ErrorType expected) {
    SendResult result = SendFailures.ofAnswer(code, description, Optional.empty());

    assertThat(result)
        .isInstanceOfSatisfying(
            SendResult.Failed.class,
            f -> {
              assertThat(f.type()).isEqualTo(expected);
              assertThat(f.httpStatus()).contains(code);
              assertThat(f.mayHaveArrived()).isFalse();
            });
  }

  @ParameterizedTest(name = "{0} {1}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          403 | Forbidden: bot was blocked by the user
          403 | Forbidden: user is deactivated
          400 | Bad Request: chat not found
          400 | Bad Request: not enough rights to send videos to the chat
          """)
  void aChatThatCannotReceiveIsUnreachableNotAFailureOfTheJob(int code, String description) {
    assertThat(SendFailures.ofAnswer(code, description, Optional.empty()))
        .isEqualTo(new SendResult.ChatUnreachable(description, code));
  }

  @Test
  void aFloodLimitKeepsItsRetryAfter() {
    SendResult r =
        SendFailures.ofAnswer(429, "Too Many Requests", Optional.of(Duration.ofSeconds(400)));
    assertThat(((SendResult.Failed) r).retryAfter()).contains(Duration.ofSeconds(400));
  }

  @Test
  void noAnswerInTimeMayHaveArrivedButARefusedConnectionCannot() {
    SendResult timeout =
        SendFailures.of(new TelegramApiException(new SocketTimeoutException("timeout")));
    SendResult refused =
        SendFailures.of(new TelegramApiException(new ConnectException("Connection refused")));
    SendResult reset =
        SendFailures.of(new TelegramApiException(new IOException("unexpected end of stream")));

    assertThat(timeout)
        .isInstanceOfSatisfying(
            SendResult.Failed.class,
            f -> {
              assertThat(f.type()).isEqualTo(ErrorType.TELEGRAM_ERROR);
              assertThat(f.mayHaveArrived()).isTrue();
            });
    assertThat(refused)
        .isInstanceOfSatisfying(
            SendResult.Failed.class, f -> assertThat(f.mayHaveArrived()).isFalse());
    assertThat(reset)
        .isInstanceOfSatisfying(
            SendResult.Failed.class, f -> assertThat(f.mayHaveArrived()).isTrue());
  }

  @Test
  void anAnswerTelegramBotsCouldNotReadIsTelegramsFault() {
    // TelegramBots reports a body it cannot parse as error code 0 with the parse error as cause.
    SendResult r =
        SendFailures.of(
            new TelegramApiRequestException(
                "Unable to deserialize response", new IOException("html")));
    assertThat(r)
        .isInstanceOfSatisfying(
            SendResult.Failed.class, f -> assertThat(f.type()).isEqualTo(ErrorType.TELEGRAM_ERROR));
  }
}
