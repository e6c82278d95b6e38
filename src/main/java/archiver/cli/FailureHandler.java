package archiver.cli;

import archiver.config.ConfigException;
import archiver.storage.StorageException;
import java.io.PrintStream;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/** Turns the expected failures into one readable line and an exit code, not a stack trace. */
final class FailureHandler implements IExecutionExceptionHandler {
  static final int CONFIG_ERROR = 2;
  static final int FAILURE = 1;

  private final PrintStream err;

  FailureHandler(PrintStream err) {
    this.err = err;
  }

  @Override
  public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
    if (e instanceof ConfigException) {
      err.println(e.getMessage());
      return CONFIG_ERROR;
    }
    if (e instanceof StorageException) {
      err.println("database: " + e.getMessage());
      return FAILURE;
    }
    if (e instanceof TelegramApiException t) {
      // The library says which method failed; the cause says why (an answer, a socket).
      Throwable cause = t.getCause();
      err.println(
          "telegram: "
              + t.getMessage()
              + (cause == null || cause.getMessage() == null ? "" : ": " + cause.getMessage()));
      return FAILURE;
    }
    err.println("error: " + e);
    return FAILURE;
  }
}
