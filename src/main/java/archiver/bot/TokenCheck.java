package archiver.bot;

import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Asks the Bot API who the token belongs to ({@code getMe}), for {@code archiver doctor}. It goes
 * through the bot's own client: the TelegramBots client on OkHttp, with its JSON parser and the
 * same translation of answers that are not JSON ({@link NonJsonAnswers}), so doctor sees the server
 * as the bot will.
 */
public final class TokenCheck {

  /** What getMe answered. */
  public sealed interface Result permits Accepted, Refused, Unreachable {}

  /** The token is valid: the bot's username. */
  public record Accepted(String username) implements Result {}

  /** The server answered with an error: the Bot API's {@code error_code} and description. */
  public record Refused(int errorCode, String description) implements Result {}

  /** No answer: the server cannot be reached, or its answer cannot be read. */
  public record Unreachable(String reason) implements Result {}

  /** Doctor should say something within seconds, even of a server that never answers. */
  static final Duration CONNECT_TIMEOUT = Duration.ofSeconds(10);

  static final Duration CALL_TIMEOUT = Duration.ofSeconds(15);

  private TokenCheck() {}

  /** Calls getMe on {@code apiBaseUrl} ({@code telegram.api_base_url}) with {@code token}. */
  public static Result getMe(String token, String apiBaseUrl) {
    Objects.requireNonNull(token, "token");
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(CONNECT_TIMEOUT)
            .callTimeout(CALL_TIMEOUT)
            .addInterceptor(new NonJsonAnswers())
            .build();
    try {
      User me =
          new OkHttpTelegramClient(http, token, TelegramBot.telegramUrl(apiBaseUrl))
              .execute(new GetMe());
      return new Accepted(me.getUserName() == null ? "?" : me.getUserName());
    } catch (TelegramApiRequestException e) {
      if (e.getErrorCode() == null) {
        return new Unreachable(describe(e)); // an answer the client could not read
      }
      return new Refused(
          e.getErrorCode(), e.getApiResponse() == null ? describe(e) : e.getApiResponse());
    } catch (TelegramApiException | IllegalArgumentException e) {
      return new Unreachable(describe(e));
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  private static String describe(Exception e) {
    Throwable cause = e.getCause();
    return cause == null || cause.getMessage() == null
        ? String.valueOf(e.getMessage())
        : e.getMessage() + ": " + cause.getMessage();
  }
}
