package archiver.bot;

import archiver.core.delivery.JobObserver.SendResult;
import archiver.domain.ErrorType;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * What a failed send to the Bot API means, from the typed failure (status code, exception), never
 * from text to be parsed again. Telegram's own failures (5xx, an unreadable answer, a reset, a
 * timeout) are {@link ErrorType#TELEGRAM_ERROR}: retried later from the file already made, and
 * never blamed on the site the media came from.
 */
final class SendFailures {

  /**
   * Bot API descriptions (400/403) that mean this chat can receive nothing from the bot: retrying
   * is pointless, other chats are still served. From the Bot API's error texts, e.g. "Forbidden:
   * bot was blocked by the user", "Bad Request: chat not found".
   */
  private static final List<String> CHAT_GONE =
      List.of(
          "chat not found",
          "bot was blocked",
          "bot was kicked",
          "user is deactivated",
          "not enough rights",
          "have no rights",
          "peer_id_invalid",
          "bot can't initiate conversation",
          "group chat was upgraded");

  private SendFailures() {}

  static SendResult of(TelegramApiException e) {
    // TelegramBots reports an answer it could not read as error code 0 (or none).
    if (e instanceof TelegramApiRequestException r
        && r.getErrorCode() != null
        && r.getErrorCode() > 0) {
      return ofAnswer(r.getErrorCode(), String.valueOf(r.getApiResponse()), retryAfter(r));
    }
    Throwable cause = rootIo(e);
    if (cause instanceof ConnectException || cause instanceof UnknownHostException) {
      return failed("cannot connect to the Bot API: " + describe(cause), Optional.empty(), false);
    }
    if (cause instanceof SocketTimeoutException || cause instanceof InterruptedIOException) {
      // The body went out and no answer came in time: Telegram may have the message.
      return failed(
          "no answer from the Bot API in time: " + describe(cause), Optional.empty(), true);
    }
    if (cause instanceof IOException) {
      return failed(
          "the connection to the Bot API broke: " + describe(cause), Optional.empty(), true);
    }
    // TelegramBots could not read the answer (not the JSON the Bot API speaks).
    return failed(
        "the Bot API's answer could not be read: " + e.getMessage(), Optional.empty(), false);
  }

  /** A Bot API answer with an error code and its description. */
  static SendResult ofAnswer(int code, String description, Optional<Duration> retryAfter) {
    String lower = description.toLowerCase(Locale.ROOT);
    if (code == 429) {
      return new SendResult.Failed(
          ErrorType.RATE_LIMIT,
          "Telegram's flood limit: " + description,
          Optional.of(code),
          retryAfter,
          false);
    }
    if (code == 413 || lower.contains("too big") || lower.contains("too large")) {
      return new SendResult.Failed(
          ErrorType.SIZE_LIMIT,
          "Telegram refused the file as too large (" + code + ")",
          Optional.of(code),
          Optional.empty(),
          false);
    }
    if (code == 403 || (code == 400 && CHAT_GONE.stream().anyMatch(lower::contains))) {
      return new SendResult.ChatUnreachable(description, code);
    }
    if (code >= 500) {
      return failed("the Bot API answered " + code + ": " + description, Optional.of(code), false);
    }
    return new SendResult.Failed(
        ErrorType.UNKNOWN,
        "the Bot API refused the request (" + code + "): " + description,
        Optional.of(code),
        Optional.empty(),
        false);
  }

  private static SendResult.Failed failed(
      String message, Optional<Integer> code, boolean mayHaveArrived) {
    return new SendResult.Failed(
        ErrorType.TELEGRAM_ERROR, message, code, Optional.empty(), mayHaveArrived);
  }

  private static Optional<Duration> retryAfter(TelegramApiRequestException r) {
    if (r.getParameters() == null || r.getParameters().getRetryAfter() == null) {
      return Optional.empty();
    }
    return Optional.of(Duration.ofSeconds(r.getParameters().getRetryAfter()));
  }

  private static Throwable rootIo(Throwable e) {
    Throwable t = e;
    for (int i = 0; i < 10 && t != null; i++) {
      if (t instanceof IOException) {
        return t;
      }
      t = t.getCause();
    }
    return e;
  }

  private static String describe(Throwable t) {
    return t.getClass().getSimpleName() + (t.getMessage() == null ? "" : ": " + t.getMessage());
  }
}
