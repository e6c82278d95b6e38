package archiver.bot;

import archiver.domain.AuthProfileStatus;
import archiver.domain.ErrorType;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.Quality;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.text.AttributedCharacterIterator;
import java.text.MessageFormat;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Every sentence the bot says, in English and Arabic, from {@code messages_en.properties} and
 * {@code messages_ar.properties}. Values are {@link MessageFormat} patterns formatted with {@link
 * Locale#ROOT}, so numbers use Western digits in both languages: Arabic readers know them, and they
 * avoid mixing digit shapes with the sizes, times and links around them.
 *
 * <p>In Arabic every argument is wrapped in the Unicode directional isolates FSI (U+2068) and PDI
 * (U+2069) (https://www.unicode.org/reports/tr9/#Explicit_Directional_Isolates): inside right-to-
 * left text a link, a file name, "12.5 MB" or "0:12" keeps its own direction and does not pull the
 * punctuation around it out of place. FSI takes its direction from the first strong letter, so an
 * Arabic title stays right to left as well.
 *
 * <p>A key missing in Arabic falls back to English; a key missing in both is returned as it is and
 * logged, so a user never sees an empty message and an operator learns of the gap.
 */
public final class Messages {

  /** The languages the bot speaks. */
  public enum Language {
    EN("en"),
    AR("ar");

    private final String code;

    Language(String code) {
      this.code = code;
    }

    /** The ISO 639-1 code, as stored in {@code chat_settings.language}. */
    public String code() {
      return code;
    }
  }

  /** FIRST STRONG ISOLATE: starts an isolated run whose direction its first letter decides. */
  static final char FSI = '\u2068';

  /** POP DIRECTIONAL ISOLATE: ends the run started by {@link #FSI}. */
  static final char PDI = '\u2069';

  private static final Logger log = LoggerFactory.getLogger(Messages.class);

  private static final String[] BYTE_UNITS = {"KB", "MB", "GB", "TB"};
  private static final long MAX_ETA_SECONDS = 99 * 3600 + 59 * 60 + 59;

  private final Map<Language, Map<String, String>> patterns;

  Messages(Map<Language, Map<String, String>> patterns) {
    Map<Language, Map<String, String>> copy = new EnumMap<>(Language.class);
    for (Language language : Language.values()) {
      copy.put(language, Map.copyOf(patterns.getOrDefault(language, Map.of())));
    }
    this.patterns = copy;
  }

  /** Reads both bundles from the classpath. */
  public static Messages load() {
    Map<Language, Map<String, String>> bundles = new EnumMap<>(Language.class);
    for (Language language : Language.values()) {
      bundles.put(language, read("messages_" + language.code() + ".properties"));
    }
    return new Messages(bundles);
  }

  /**
   * The language for a Telegram {@code language_code} (an IETF tag such as {@code "ar"} or {@code
   * "ar-EG"}, https://core.telegram.org/bots/api#user): Arabic for Arabic in any region, English
   * for everything else, including no code at all.
   */
  public static Language forLanguage(String telegramLanguageCode) {
    if (telegramLanguageCode == null) {
      return Language.EN;
    }
    String code = telegramLanguageCode.strip().toLowerCase(Locale.ROOT);
    if (code.equals("ar") || code.startsWith("ar-") || code.startsWith("ar_")) {
      return Language.AR;
    }
    return Language.EN;
  }

  /**
   * The sentence for {@code key} in {@code language}, with {@code args} filled in. Numbers may be
   * passed as numbers ({@code {0,choice,...}} needs one); sizes, speeds, durations and percentages
   * as the strings the {@code format*} methods make.
   */
  public String text(Language language, String key, Object... args) {
    Objects.requireNonNull(language, "language");
    Objects.requireNonNull(key, "key");
    Language used = language;
    String pattern = patterns.get(language).get(key);
    if (pattern == null && language != Language.EN) {
      log.warn("message {} has no {} text; using English", key, language);
      used = Language.EN;
      pattern = patterns.get(Language.EN).get(key);
    }
    if (pattern == null) {
      log.warn("message {} is missing in every language", key);
      return key;
    }
    try {
      MessageFormat format = new MessageFormat(pattern, Locale.ROOT);
      return used == Language.AR
          ? withIsolatedArguments(format, args)
          : format.format(args, new StringBuffer(), null).toString();
    } catch (IllegalArgumentException e) {
      log.warn("message {} in {} cannot be formatted: {}", key, used, e.getMessage());
      return pattern;
    }
  }

  /** The keys of one language, for checks. */
  Set<String> keys(Language language) {
    return patterns.get(language).keySet();
  }

  /** The raw pattern of a key, null when the language has none. */
  String pattern(Language language, String key) {
    return patterns.get(language).get(key);
  }

  // ---- keys of the enum-named messages

  /** The sentence that tells a user why their request failed. */
  public static String errorKey(ErrorType type) {
    return "error." + type.name();
  }

  /** The label of a quality on the quality keyboard and in the settings. */
  public static String qualityKey(Quality quality) {
    return "job.quality." + quality.name();
  }

  /** The label of a default type in the settings. */
  public static String jobTypeKey(JobType type) {
    return "settings.type." + type.name();
  }

  /** The label of a job status in admin replies. */
  public static String jobStatusKey(JobStatus status) {
    return "admin.status." + status.name();
  }

  /** The label of an auth profile status in admin replies. */
  public static String authStatusKey(AuthProfileStatus status) {
    return "admin.auth.status." + status.name();
  }

  // ---- values as they appear in sentences

  private static final DateTimeFormatter UTC_MINUTES =
      DateTimeFormatter.ofPattern("uuuu-MM-dd HH:mm", Locale.ROOT).withZone(ZoneOffset.UTC);

  /**
   * A size in binary units, as Telegram states its limits (50 MB = 50 x 1024 x 1024 bytes): "512
   * B", "12.5 MB", "50 MB", "1.2 GB"; one decimal below 100, none above.
   */
  public static String formatBytes(long bytes) {
    if (bytes < 1024) {
      return Math.max(0, bytes) + " B";
    }
    double value = bytes / 1024.0;
    int unit = 0;
    while (true) {
      double rounded = value < 100 ? Math.round(value * 10) / 10.0 : Math.round(value);
      if (rounded >= 1024 && unit < BYTE_UNITS.length - 1) {
        value /= 1024;
        unit++;
        continue;
      }
      return BigDecimal.valueOf(rounded).stripTrailingZeros().toPlainString()
          + " "
          + BYTE_UNITS[unit];
    }
  }

  /** A download speed: "3.1 MB/s". */
  public static String formatSpeed(double bytesPerSecond) {
    if (Double.isNaN(bytesPerSecond) || bytesPerSecond < 0) {
      return formatBytes(0) + "/s";
    }
    return formatBytes(Math.round(bytesPerSecond)) + "/s";
  }

  /** A media length: "0:12", "3:05", "1:02:03"; negative counts as zero. */
  public static String formatDuration(long seconds) {
    long s = Math.max(0, seconds);
    long hours = s / 3600;
    long minutes = (s % 3600) / 60;
    long rest = s % 60;
    return hours > 0
        ? String.format(Locale.ROOT, "%d:%02d:%02d", hours, minutes, rest)
        : String.format(Locale.ROOT, "%d:%02d", minutes, rest);
  }

  /**
   * The time left of a download, shaped like {@link #formatDuration}. yt-dlp reports absurd
   * estimates while the speed is still near zero, so anything beyond 99:59:59 shows as that.
   */
  public static String formatEta(long seconds) {
    return formatDuration(Math.min(seconds, MAX_ETA_SECONDS));
  }

  /**
   * A moment, as one reads it in any language and time zone: "2026-12-03 14:00 UTC". The bot does
   * not know its users' time zones, and a start time must not be misread by hours.
   */
  public static String formatUtc(Instant at) {
    return UTC_MINUTES.format(at) + " UTC";
  }

  /** A progress percentage: "42%", clamped to 0-100. */
  public static String formatPercent(int percent) {
    return Math.max(0, Math.min(100, percent)) + "%";
  }

  // ---- internals

  /** Formats, wrapping each argument's text in FSI ... PDI. */
  private static String withIsolatedArguments(MessageFormat format, Object[] args) {
    AttributedCharacterIterator it = format.formatToCharacterIterator(args);
    StringBuilder out = new StringBuilder(it.getEndIndex() + 8);
    it.first();
    while (it.getIndex() < it.getEndIndex()) {
      int limit = it.getRunLimit(MessageFormat.Field.ARGUMENT);
      boolean argument = it.getAttribute(MessageFormat.Field.ARGUMENT) != null;
      if (argument) {
        out.append(FSI);
      }
      while (it.getIndex() < limit) {
        out.append(it.current());
        it.next();
      }
      if (argument) {
        out.append(PDI);
      }
    }
    return out.toString();
  }

  private static Map<String, String> read(String resource) {
    try (InputStream in = Messages.class.getClassLoader().getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException("message bundle " + resource + " is not on the classpath");
      }
      Properties properties = new Properties();
      properties.load(new InputStreamReader(in, StandardCharsets.UTF_8));
      Map<String, String> bundle = new HashMap<>();
      for (String key : properties.stringPropertyNames()) {
        bundle.put(key, properties.getProperty(key));
      }
      return bundle;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read message bundle " + resource, e);
    }
  }
}
