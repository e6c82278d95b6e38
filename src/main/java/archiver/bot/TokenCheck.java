package archiver.bot;

import archiver.logging.SecretMasker;
import java.time.Duration;
import java.util.Objects;
import okhttp3.OkHttpClient;
import org.telegram.telegrambots.client.okhttp.OkHttpTelegramClient;
import org.telegram.telegrambots.meta.TelegramUrl;
import org.telegram.telegrambots.meta.api.methods.GetMe;
import org.telegram.telegrambots.meta.api.objects.User;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;

/**
 * Asks the Bot API who the token belongs to ({@code getMe}), for {@code archiver doctor} and for
 * {@code archiver run} before it starts. It goes through the bot's own client: the TelegramBots
 * client on OkHttp, with its JSON parser and the same translation of answers that are not JSON
 * ({@link NonJsonAnswers}), so doctor sees the server as the bot will. A failure is one plain
 * sentence ({@link Failure#sentence()}) that names the server by {@code host[:port]} only.
 */
public final class TokenCheck {

  /** What getMe answered. */
  public sealed interface Result permits Accepted, Failure {}

  /** getMe did not name the bot: the sentence to print for it, the same in doctor and run. */
  public sealed interface Failure extends Result permits Refused, Unreachable {
    String sentence();
  }

  /** The token is valid: the bot's username. */
  public record Accepted(String username) implements Result {}

  /**
   * The server answered with an error: the Bot API's {@code error_code} and (masked) description.
   */
  public record Refused(String endpoint, int errorCode, String description) implements Failure {

    @Override
    public String sentence() {
      // The real Bot API answers 404 Not Found for a token that is not shaped like one.
      if (errorCode == 401 || errorCode == 404) {
        return "Telegram refused the bot token ("
            + errorCode
            + " "
            + description
            + "): check "
            + "TELEGRAM_BOT_TOKEN";
      }
      return "getMe via " + endpoint + " answered " + errorCode + ": " + description;
    }
  }

  /** Doctor should say something within seconds, even of a server that never answers. */
  static final Duration ANSWER_TIMEOUT = Duration.ofSeconds(10);

  private TokenCheck() {}

  /** Calls getMe on {@code apiBaseUrl} ({@code telegram.api_base_url}) with {@code token}. */
  public static Result getMe(String token, String apiBaseUrl) {
    return getMe(token, apiBaseUrl, ANSWER_TIMEOUT);
  }

  /**
   * As {@link #getMe(String, String)}, giving up on connecting or answering after {@code timeout}.
   */
  static Result getMe(String token, String apiBaseUrl, Duration timeout) {
    Objects.requireNonNull(token, "token");
    SecretMasker masker = new SecretMasker(token);
    String endpoint = endpoint(apiBaseUrl);
    OkHttpClient http =
        new OkHttpClient.Builder()
            .connectTimeout(timeout)
            .readTimeout(timeout)
            .writeTimeout(timeout)
            .callTimeout(timeout)
            .retryOnConnectionFailure(false)
            .addInterceptor(new NonJsonAnswers())
            .build();
    try {
      User me =
          new OkHttpTelegramClient(http, token, TelegramBot.telegramUrl(apiBaseUrl))
              .execute(new GetMe());
      return new Accepted(me.getUserName() == null ? "?" : me.getUserName());
    } catch (TelegramApiRequestException e) {
      if (e.getErrorCode() == null) { // an answer the client could not read
        return new Unreachable(
            Unreachable.Cause.UNREADABLE_ANSWER, endpoint, timeout, detail(e, masker));
      }
      String description = e.getApiResponse() == null ? detail(e, masker) : e.getApiResponse();
      return new Refused(endpoint, e.getErrorCode(), shorten(masker.mask(description)));
    } catch (TelegramApiException | IllegalArgumentException e) {
      return new Unreachable(Unreachable.classify(e), endpoint, timeout, detail(e, masker));
    } finally {
      http.dispatcher().executorService().shutdown();
      http.connectionPool().evictAll();
    }
  }

  /**
   * {@code host[:port]} of the Bot API, the port only when it is not the scheme's own: what the
   * operator configured, without the path, where the token goes.
   */
  static String endpoint(String apiBaseUrl) {
    try {
      TelegramUrl url = TelegramBot.telegramUrl(apiBaseUrl);
      int usual = url.getSchema().equals("http") ? 80 : 443;
      return url.getPort() == usual ? url.getHost() : url.getHost() + ":" + url.getPort();
    } catch (IllegalArgumentException | NullPointerException e) {
      return "telegram.api_base_url";
    }
  }

  /** The deepest message in the chain: the library's own sentence says little. */
  private static String detail(Exception e, SecretMasker masker) {
    String text = String.valueOf(e.getMessage());
    for (Throwable t = e.getCause(); t != null && t != t.getCause(); t = t.getCause()) {
      if (t.getMessage() != null) {
        text = t.getMessage();
      }
    }
    return shorten(masker.mask(text));
  }

  private static String shorten(String text) {
    return text.length() > 200 ? text.substring(0, 200) : text;
  }
}
