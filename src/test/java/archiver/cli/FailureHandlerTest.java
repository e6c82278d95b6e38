package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ConnectException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/** A failure of a command is one readable line and an exit code, never a class name dump. */
class FailureHandlerTest {

  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final FailureHandler handler =
      new FailureHandler(new PrintStream(err, true, StandardCharsets.UTF_8));

  @Test
  void aTelegramFailureSaysWhichCallFailedAndWhy() {
    int code =
        handler.handleExecutionException(
            new TelegramApiException(
                "Unable to execute setmycommands method",
                new ConnectException("Connection refused")),
            null,
            null);

    assertThat(code).isEqualTo(FailureHandler.FAILURE);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("telegram: Unable to execute setmycommands method: Connection refused\n")
        .doesNotContain("org.telegram");
  }

  @Test
  void anyOtherFailureIsStillOneLine() {
    handler.handleExecutionException(new IllegalStateException("boom"), null, null);

    assertThat(err.toString(StandardCharsets.UTF_8)).hasLineCount(1).contains("boom");
  }
}
