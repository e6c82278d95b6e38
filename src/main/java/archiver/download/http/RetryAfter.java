package archiver.download.http;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a {@code Retry-After} header (RFC 9110 §10.2.3): a number of seconds, or an HTTP-date. A
 * recipient must accept all three date forms of RFC 9110 §5.6.7, the IMF-fixdate and the obsolete
 * RFC 850 and asctime forms, so all three are read here.
 */
final class RetryAfter {

  /** Longer waits are not believed; a scheduler would hold the job for a day on one bad header. */
  static final Duration MAX = Duration.ofHours(6);

  private static final List<DateTimeFormatter> DATE_FORMS =
      List.of(
          DateTimeFormatter.RFC_1123_DATE_TIME,
          // RFC 850: "Sunday, 06-Nov-94 08:49:37 GMT". English names: Locale.ROOT (CLDR) has none.
          new DateTimeFormatterBuilder()
              .parseCaseInsensitive()
              .appendPattern("EEEE, dd-MMM-")
              .appendValueReduced(ChronoField.YEAR, 2, 2, 1970)
              .appendPattern(" HH:mm:ss zzz")
              .toFormatter(Locale.ENGLISH),
          // asctime: "Sun Nov  6 08:49:37 1994" (always GMT)
          new DateTimeFormatterBuilder()
              .parseCaseInsensitive()
              .appendPattern("EEE MMM ppd HH:mm:ss yyyy")
              .toFormatter(Locale.ENGLISH)
              .withZone(java.time.ZoneOffset.UTC));

  private RetryAfter() {}

  /** The delay the header asks for, relative to {@code now}; empty when it cannot be read. */
  static Optional<Duration> parse(String header, Instant now) {
    if (header == null) {
      return Optional.empty();
    }
    String value = header.strip();
    if (value.isEmpty()) {
      return Optional.empty();
    }
    if (value.chars().allMatch(c -> c >= '0' && c <= '9')) {
      if (value.length() > 9) {
        return Optional.of(MAX);
      }
      return Optional.of(cap(Duration.ofSeconds(Long.parseLong(value))));
    }
    for (DateTimeFormatter form : DATE_FORMS) {
      try {
        Instant at = ZonedDateTime.parse(value, form).toInstant();
        Duration delay = Duration.between(now, at);
        return Optional.of(delay.isNegative() ? Duration.ZERO : cap(delay));
      } catch (DateTimeParseException e) {
        // try the next form
      }
    }
    return Optional.empty();
  }

  private static Duration cap(Duration d) {
    return d.compareTo(MAX) > 0 ? MAX : d;
  }
}
