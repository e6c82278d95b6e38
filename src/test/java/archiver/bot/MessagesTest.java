package archiver.bot;

import static archiver.bot.Messages.FSI;
import static archiver.bot.Messages.PDI;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

import archiver.bot.Messages.Language;
import archiver.domain.AuthProfileStatus;
import archiver.domain.ErrorType;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.Quality;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.text.ChoiceFormat;
import java.text.Format;
import java.text.MessageFormat;
import java.text.NumberFormat;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.slf4j.LoggerFactory;

class MessagesTest {

  private static final Messages MESSAGES = Messages.load();
  private static final Pattern ARGUMENT_INDEX = Pattern.compile("\\{(\\d+)");
  private static final Pattern ARABIC_LETTER = Pattern.compile("[\\u0621-\\u064A]");
  private static final Pattern LATIN_WORD = Pattern.compile("[A-Za-z]{2,}");

  static Stream<Arguments> everyPattern() {
    List<Arguments> all = new ArrayList<>();
    for (Language language : Language.values()) {
      for (String key : new TreeSet<>(MESSAGES.keys(language))) {
        all.add(Arguments.of(language, key));
      }
    }
    return all.stream();
  }

  static Stream<String> arabicKeys() {
    return new TreeSet<>(MESSAGES.keys(Language.AR)).stream();
  }

  @Test
  @DisplayName("Both bundles have exactly the same keys")
  void bothBundlesHaveTheSameKeys() {
    Set<String> english = MESSAGES.keys(Language.EN);
    Set<String> arabic = MESSAGES.keys(Language.AR);

    assertThat(difference(english, arabic)).as("keys missing in Arabic").isEmpty();
    assertThat(difference(arabic, english)).as("keys missing in English").isEmpty();
    assertThat(english).hasSizeGreaterThan(100);
  }

  @ParameterizedTest
  @EnumSource(ErrorType.class)
  @DisplayName("Every error type has a sentence in both languages")
  void everyErrorTypeHasASentence(ErrorType type) {
    for (Language language : Language.values()) {
      assertThat(MESSAGES.pattern(language, Messages.errorKey(type)))
          .as("%s in %s", type, language)
          .isNotBlank();
    }
  }

  @Test
  @DisplayName("Every quality, job type, job status and auth status has a label in both languages")
  void everyEnumValueHasALabel() {
    List<String> keys = new ArrayList<>();
    for (Quality q : Quality.values()) {
      keys.add(Messages.qualityKey(q));
    }
    for (JobType t : JobType.values()) {
      keys.add(Messages.jobTypeKey(t));
    }
    for (JobStatus s : JobStatus.values()) {
      keys.add(Messages.jobStatusKey(s));
    }
    for (AuthProfileStatus s : AuthProfileStatus.values()) {
      keys.add(Messages.authStatusKey(s));
    }
    for (Language language : Language.values()) {
      assertThat(MESSAGES.keys(language)).as(language.name()).containsAll(keys);
    }
  }

  @ParameterizedTest(name = "{0} {1}")
  @MethodSource("everyPattern")
  @DisplayName("Every pattern parses, formats fully and keeps its apostrophes")
  void everyPatternFormats(Language language, String key) {
    String pattern = MESSAGES.pattern(language, key);

    assertThatCode(() -> new MessageFormat(pattern, Locale.ROOT)).doesNotThrowAnyException();
    // MessageFormat takes a lone apostrophe as the start of quoted text and silently drops it
    // and every placeholder after it: an apostrophe must be written twice.
    assertThat(pattern.replace("''", "")).as("single apostrophe in %s", key).doesNotContain("'");
    String text = MESSAGES.text(language, key, sampleArguments(pattern));
    assertThat(text).isNotBlank().doesNotContain("{").doesNotContain("}");
    assertThat(text.replace(String.valueOf(FSI), "").replace(String.valueOf(PDI), ""))
        .as("no HTML markup characters, so the text survives parse_mode=HTML")
        .doesNotContain("<", ">", "&");
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arabicKeys")
  @DisplayName("The Arabic text takes the same arguments as the English one")
  void arabicUsesTheSameArguments(String key) {
    assertThat(argumentIndexes(MESSAGES.pattern(Language.AR, key)))
        .isEqualTo(argumentIndexes(MESSAGES.pattern(Language.EN, key)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arabicKeys")
  @DisplayName("Arabic texts are written in Arabic letters wherever the English one has words")
  void arabicTextsAreArabic(String key) {
    String english = withoutPlaceholders(MESSAGES.pattern(Language.EN, key));
    String arabic = MESSAGES.pattern(Language.AR, key);
    if (LATIN_WORD.matcher(english.replaceAll("\\d+p|kbps", "")).find()) {
      assertThat(ARABIC_LETTER.matcher(arabic).find()).as("Arabic letters in %s", key).isTrue();
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arabicKeys")
  @DisplayName(
      "Every Arabic line starts right to left, so a leading command or link cannot flip it")
  void arabicLinesStartWithAnArabicLetter(String key) {
    for (String line : withoutPlaceholders(MESSAGES.pattern(Language.AR, key)).split("\n")) {
      if (!ARABIC_LETTER.matcher(line).find()) {
        continue; // a line of only a command or a link is its own left-to-right paragraph
      }
      byte first = firstStrongDirection(line);
      assertThat(first)
          .as("first strong letter of \"%s\" in %s", line, key)
          .isIn(
              Character.DIRECTIONALITY_RIGHT_TO_LEFT,
              Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC);
    }
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("arabicKeys")
  @DisplayName("Every argument in an Arabic text is wrapped in directional isolates")
  void arabicArgumentsAreIsolated(String key) {
    String pattern = MESSAGES.pattern(Language.AR, key);
    Object[] args = sampleArguments(pattern);
    String text = MESSAGES.text(Language.AR, key, args);
    Format[] formats = new MessageFormat(pattern, Locale.ROOT).getFormatsByArgumentIndex();
    for (int i = 0; i < args.length; i++) {
      if (formats[i] == null && argumentIndexes(pattern).contains(i)) {
        assertThat(text).contains(FSI + args[i].toString() + PDI);
      }
    }
    assertThat(text.chars().filter(c -> c == FSI).count())
        .isEqualTo(text.chars().filter(c -> c == PDI).count());
  }

  @Test
  @DisplayName("A live event's start is written in UTC to the minute, the same in both languages")
  void liveStartIsWrittenInUtc() {
    String at = Messages.formatUtc(java.time.Instant.parse("2026-12-03T14:05:59Z"));
    assertThat(at).isEqualTo("2026-12-03 14:05 UTC");
    for (Language lang : Language.values()) {
      assertThat(MESSAGES.text(lang, "error.NOT_YET_LIVE.waiting", at)).contains(at);
      assertThat(MESSAGES.text(lang, "error.NOT_YET_LIVE.at", at)).contains(at);
    }
  }

  @Test
  @DisplayName("Sizes and links inside Arabic sentences are isolated; English gets no marks")
  void isolatesOnlyInArabic() {
    String arabic =
        MESSAGES.text(
            Language.AR,
            "refuse.file_too_large",
            Messages.formatBytes(13_107_200),
            Messages.formatBytes(52_428_800));
    String english =
        MESSAGES.text(
            Language.EN,
            "refuse.file_too_large",
            Messages.formatBytes(13_107_200),
            Messages.formatBytes(52_428_800));

    assertThat(arabic)
        .startsWith("الملف كبير جدًا")
        .contains(FSI + "12.5 MB" + PDI)
        .contains(FSI + "50 MB" + PDI);
    assertThat(english)
        .isEqualTo(
            "The file is too large: it is 12.5 MB and the limit is 50 MB. Try a lower quality or"
                + " audio only.");
    assertThat(MESSAGES.text(Language.AR, "job.caption", "محاضرة", "https://example.com/v?id=1"))
        .isEqualTo(FSI + "محاضرة" + PDI + "\nالمصدر: " + FSI + "https://example.com/v?id=1" + PDI);
  }

  @ParameterizedTest
  @CsvSource({
    "1, 'You can send more in 1 minute.', 'دقيقة واحدة'",
    "2, 'You can send more in 2 minutes.', 'دقيقتين'",
    "5, 'You can send more in 5 minutes.', '5 دقائق'",
    "11, 'You can send more in 11 minutes.', '11 دقيقة'",
    "0, 'You can send more in less than a minute.', 'أقل من دقيقة'"
  })
  @DisplayName("The hourly limit says when it frees up, with Arabic number agreement")
  void hourlyLimitSaysWhenItFreesUp(int minutes, String englishEnd, String arabicWait) {
    assertThat(MESSAGES.text(Language.EN, "refuse.hourly_limit_user", 30, minutes))
        .startsWith("You've")
        .contains("(30)")
        .endsWith(englishEnd);
    assertThat(MESSAGES.text(Language.AR, "refuse.hourly_limit_user", 30, minutes))
        .contains("بعد " + FSI + arabicWait + PDI + ".");
  }

  @ParameterizedTest
  @CsvSource(
      nullValues = "NULL",
      value = {
        "ar, AR",
        "ar-EG, AR",
        "ar_SA, AR",
        "AR, AR",
        "' ar ', AR",
        "en, EN",
        "en-US, EN",
        "fr, EN",
        "arn, EN",
        "'', EN",
        "NULL, EN"
      })
  @DisplayName("The language follows Telegram's language_code: Arabic for any Arabic region")
  void languageSelection(String code, Language expected) {
    assertThat(Messages.forLanguage(code)).isEqualTo(expected);
  }

  @Test
  @DisplayName(
      "A key missing in Arabic falls back to English; missing everywhere, the key is logged")
  void missingKeysFallBack() {
    Messages partial =
        new Messages(
            Map.of(
                Language.EN, Map.of("a.only_english", "Hello {0}", "b.both", "Both"),
                Language.AR, Map.of("b.both", "كلاهما")));
    Logger logger = (Logger) LoggerFactory.getLogger(Messages.class);
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    logger.addAppender(appender);
    try {
      assertThat(partial.text(Language.AR, "a.only_english", "you")).isEqualTo("Hello you");
      assertThat(partial.text(Language.AR, "b.both")).isEqualTo("كلاهما");
      assertThat(partial.text(Language.AR, "c.nowhere")).isEqualTo("c.nowhere");
      assertThat(appender.list)
          .extracting(ILoggingEvent::getFormattedMessage)
          .anyMatch(m -> m.contains("c.nowhere"))
          .anyMatch(m -> m.contains("a.only_english"));
    } finally {
      logger.detachAppender(appender);
    }
  }

  @ParameterizedTest
  @CsvSource({
    "0, 0 B",
    "1023, 1023 B",
    "1024, 1 KB",
    "1536, 1.5 KB",
    "13107200, 12.5 MB",
    "52428800, 50 MB",
    "536870912, 512 MB",
    "1048523571, 1000 MB",
    "1073741823, 1 GB",
    "1288490189, 1.2 GB"
  })
  void formatBytes(long bytes, String expected) {
    assertThat(Messages.formatBytes(bytes)).isEqualTo(expected);
  }

  @ParameterizedTest
  @CsvSource({"-5, 0:00", "0, 0:00", "12, 0:12", "185, 3:05", "3723, 1:02:03", "36000, 10:00:00"})
  void formatDuration(long seconds, String expected) {
    assertThat(Messages.formatDuration(seconds)).isEqualTo(expected);
  }

  @Test
  void formatEtaCapsAbsurdEstimates() {
    assertThat(Messages.formatEta(12)).isEqualTo("0:12");
    assertThat(Messages.formatEta(9_000_000_000L)).isEqualTo("99:59:59");
  }

  @Test
  void formatSpeedAndPercent() {
    assertThat(Messages.formatSpeed(3_250_585.6)).isEqualTo("3.1 MB/s");
    assertThat(Messages.formatSpeed(Double.NaN)).isEqualTo("0 B/s");
    assertThat(Messages.formatPercent(42)).isEqualTo("42%");
    assertThat(Messages.formatPercent(130)).isEqualTo("100%");
  }

  @Test
  @DisplayName("Numbers use Western digits in both languages")
  void westernDigits() {
    assertThat(MESSAGES.text(Language.AR, "job.queued", 12)).contains(FSI + "12" + PDI);
    assertThat(MESSAGES.text(Language.AR, "admin.health.errors", 1234)).contains("1,234");
  }

  @Test
  @DisplayName("Job ids are written as they are typed back (/job 1234), without grouping")
  void jobIdsHaveNoThousandsSeparator() {
    assertThat(MESSAGES.text(Language.EN, "admin.cancel_done", 12345L))
        .isEqualTo("Job #12345 was cancelled.");
    assertThat(MESSAGES.text(Language.EN, "admin.job.not_found", 999999L))
        .isEqualTo("There is no job #999999.");
    assertThat(MESSAGES.text(Language.AR, "admin.job.title", 1234L))
        .contains("1234")
        .doesNotContain("1,234");
  }

  // ---- helpers

  /**
   * One argument per placeholder: a number where the pattern formats one ({@code choice}, {@code
   * number}), else a distinctive left-to-right text.
   */
  private static Object[] sampleArguments(String pattern) {
    Format[] formats = new MessageFormat(pattern, Locale.ROOT).getFormatsByArgumentIndex();
    Object[] args = new Object[formats.length];
    for (int i = 0; i < formats.length; i++) {
      args[i] =
          formats[i] instanceof ChoiceFormat || formats[i] instanceof NumberFormat
              ? (Object) 3
              : "https://example.com/a" + i;
    }
    return args;
  }

  private static Set<Integer> argumentIndexes(String pattern) {
    Set<Integer> indexes = new TreeSet<>();
    Matcher m = ARGUMENT_INDEX.matcher(pattern);
    while (m.find()) {
      indexes.add(Integer.parseInt(m.group(1)));
    }
    return indexes;
  }

  /** The pattern without its placeholders, which are isolated (and so neutral) at runtime. */
  private static String withoutPlaceholders(String pattern) {
    String text = pattern;
    String previous;
    do {
      previous = text;
      text = text.replaceAll("\\{[^{}]*\\}", "");
    } while (!text.equals(previous));
    return text;
  }

  private static byte firstStrongDirection(String line) {
    for (int i = 0; i < line.length(); i++) {
      byte d = Character.getDirectionality(line.charAt(i));
      if (d == Character.DIRECTIONALITY_LEFT_TO_RIGHT
          || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT
          || d == Character.DIRECTIONALITY_RIGHT_TO_LEFT_ARABIC) {
        return d;
      }
    }
    return Character.DIRECTIONALITY_UNDEFINED;
  }

  private static Set<String> difference(Set<String> a, Set<String> b) {
    Set<String> missing = new TreeSet<>(a);
    missing.removeAll(b);
    return missing;
  }
}
