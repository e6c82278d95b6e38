package archiver.config;

import java.util.Map;
import java.util.Optional;

/** Secrets come only from the environment, never from files or the database. */
public record Secrets(Optional<String> telegramBotToken, Optional<String> webToken) {

  public static final String TOKEN_VARIABLE = "TELEGRAM_BOT_TOKEN";

  /** The operator page's token (docs/ARCHITECTURE.md, "Operator page"). */
  public static final String WEB_TOKEN_VARIABLE = "ARCHIVER_WEB_TOKEN";

  public Secrets(Optional<String> telegramBotToken) {
    this(telegramBotToken, Optional.empty());
  }

  @Override
  public String toString() {
    return "Secrets[telegramBotToken="
        + (telegramBotToken.isPresent() ? "***" : "unset")
        + ", webToken="
        + (webToken.isPresent() ? "***" : "unset")
        + "]";
  }

  public static Secrets fromEnvironment(Map<String, String> env) {
    return new Secrets(nonBlank(env.get(TOKEN_VARIABLE)), nonBlank(env.get(WEB_TOKEN_VARIABLE)));
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
