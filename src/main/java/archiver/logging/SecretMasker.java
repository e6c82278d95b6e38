package archiver.logging;

import com.fasterxml.jackson.core.JsonStreamContext;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import net.logstash.logback.mask.ValueMasker;

/**
 * Masks secrets in every string the JSON log writes (message, context, stack traces), whoever
 * logged them: the bot token (the one in {@code TELEGRAM_BOT_TOKEN} and anything shaped like a bot
 * token, which libraries print inside Bot API URLs), the PostgreSQL password (the one in {@code
 * ARCHIVER_STORAGE_PASSWORD}, which a driver's error may quote), cookie headers and the values of
 * Netscape cookie-file lines.
 */
public final class SecretMasker implements ValueMasker {

  static final String MASK = "****";

  /**
   * Bot API tokens are "<bot id>:<35 url-safe characters>" (https://core.telegram.org/bots/api).
   */
  private static final Pattern BOT_TOKEN = Pattern.compile("(?<!\\d)\\d{5,12}:[A-Za-z0-9_-]{30,}");

  private static final Pattern COOKIE_HEADER =
      Pattern.compile("(?i)((?:set-)?cookie\\s*[:=]\\s*)([^\\r\\n\"]+)");

  /**
   * A Netscape cookies.txt line: domain, flag, path, secure, expiry, name, value, separated by tabs
   * (the format yt-dlp's --cookies reads). The value is the seventh field.
   */
  private static final Pattern COOKIE_FILE_LINE =
      Pattern.compile(
          "(?m)^((?:#HttpOnly_)?[^\\t\\r\\n]+\\t(?:TRUE|FALSE)\\t[^\\t\\r\\n]*\\t(?:TRUE|FALSE)\\t\\d+\\t[^\\t\\r\\n]+\\t)([^\\r\\n]*)");

  private final String configuredToken;
  private final String configuredPassword;

  public SecretMasker() {
    this(System.getenv("TELEGRAM_BOT_TOKEN"), System.getenv("ARCHIVER_STORAGE_PASSWORD"));
  }

  public SecretMasker(String configuredToken) {
    this(configuredToken, null);
  }

  public SecretMasker(String configuredToken, String configuredPassword) {
    this.configuredToken = secret(configuredToken);
    this.configuredPassword = secret(configuredPassword);
  }

  private static String secret(String value) {
    return value == null || value.isBlank() ? null : value.trim();
  }

  @Override
  public Object mask(JsonStreamContext context, Object value) {
    if (value instanceof CharSequence text) {
      String masked = mask(text.toString());
      return masked.contentEquals(text) ? value : masked;
    }
    return value;
  }

  /** Returns the text with every secret replaced by {@value #MASK}. */
  public String mask(String text) {
    if (text == null || text.isEmpty()) {
      return text;
    }
    String result = text;
    if (configuredToken != null && result.contains(configuredToken)) {
      result = result.replace(configuredToken, MASK);
    }
    if (configuredPassword != null && result.contains(configuredPassword)) {
      result = result.replace(configuredPassword, MASK);
    }
    result = BOT_TOKEN.matcher(result).replaceAll(MASK);
    result = replaceGroup2(COOKIE_HEADER, result);
    result = replaceGroup2(COOKIE_FILE_LINE, result);
    return result;
  }

  private static String replaceGroup2(Pattern pattern, String text) {
    Matcher m = pattern.matcher(text);
    if (!m.find()) {
      return text;
    }
    StringBuilder sb = new StringBuilder();
    do {
      m.appendReplacement(sb, Matcher.quoteReplacement(m.group(1) + MASK));
    } while (m.find());
    m.appendTail(sb);
    return sb.toString();
  }
}
