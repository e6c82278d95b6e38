package archiver.config;

import java.util.Map;
import java.util.Optional;

/** Secrets come only from the environment, never from files or the database. */
public record Secrets(Optional<String> telegramBotToken) {

  public static final String TOKEN_VARIABLE = "TELEGRAM_BOT_TOKEN";

  @Override
  public String toString() {
    return "Secrets[telegramBotToken=" + (telegramBotToken.isPresent() ? "***" : "unset") + "]";
  }

  public static Secrets fromEnvironment(Map<String, String> env) {
    String token = env.get(TOKEN_VARIABLE);
    return new Secrets(
        token == null || token.isBlank() ? Optional.empty() : Optional.of(token.trim()));
  }
}
