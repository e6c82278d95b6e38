package archiver.config;

import java.util.Map;
import java.util.Optional;

/** Secrets come only from the environment, never from files or the database. */
public record Secrets(
    Optional<String> telegramBotToken,
    Optional<String> webToken,
    Optional<String> storagePassword) {

  public static final String TOKEN_VARIABLE = "TELEGRAM_BOT_TOKEN";

  /** The operator page's token (docs/ARCHITECTURE.md, "Operator page"). */
  public static final String WEB_TOKEN_VARIABLE = "ARCHIVER_WEB_TOKEN";

  /** The PostgreSQL password ({@code storage.backend: postgres}); the URL may not hold one. */
  public static final String STORAGE_PASSWORD_VARIABLE = "ARCHIVER_STORAGE_PASSWORD";

  public Secrets(Optional<String> telegramBotToken) {
    this(telegramBotToken, Optional.empty());
  }

  public Secrets(Optional<String> telegramBotToken, Optional<String> webToken) {
    this(telegramBotToken, webToken, Optional.empty());
  }

  @Override
  public String toString() {
    return "Secrets[telegramBotToken="
        + (telegramBotToken.isPresent() ? "***" : "unset")
        + ", webToken="
        + (webToken.isPresent() ? "***" : "unset")
        + ", storagePassword="
        + (storagePassword.isPresent() ? "***" : "unset")
        + "]";
  }

  public static Secrets fromEnvironment(Map<String, String> env) {
    return new Secrets(
        nonBlank(env.get(TOKEN_VARIABLE)),
        nonBlank(env.get(WEB_TOKEN_VARIABLE)),
        nonBlank(env.get(STORAGE_PASSWORD_VARIABLE)));
  }

  private static Optional<String> nonBlank(String value) {
    return value == null || value.isBlank() ? Optional.empty() : Optional.of(value.trim());
  }
}
