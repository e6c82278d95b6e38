package archiver.download;

import java.time.Duration;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * When an upcoming live event or premiere starts, read from yt-dlp's failure text
 * (docs/ARCHITECTURE.md, "Errors and retries"). Pure: the caller gives the instant the text was
 * written.
 *
 * <p>yt-dlp passes on YouTube's own words: {@code extractor/youtube.py} (2023.03.04; {@code
 * extractor/youtube/_video.py} today) raises the player's playability reason as is, e.g. "This live
 * event will begin in 3 hours." or "Premieres in 2 days". YouTube rounds to one unit, so the answer
 * is as coarse as the text; whoever waits on it should look again when the time comes and expect to
 * hear a closer figure. An absolute date ("This event will start at ..." in {@code
 * extractor/rcti.py}) carries no time zone and is not read.
 */
public final class LiveStart {

  /** "in a few moments" and "shortly" (YouTube's words for a start under a minute away). */
  static final Duration SOON = Duration.ofMinutes(5);

  /** The largest wait read from a text; anything longer is taken as unreadable. */
  static final Duration LONGEST = Duration.ofDays(366);

  /** "will begin in 3 hours", "Premieres in 2 days", "begin in 1 minute". */
  private static final Pattern IN =
      Pattern.compile(
          "\\b(?:will begin|premieres|starts) in (\\d{1,6}|an?|one) (second|minute|hour|day|week|month)s?\\b");

  /** "This live event will begin in a few moments.", "Premiere will begin shortly". */
  private static final Pattern SOON_WORDS =
      Pattern.compile("\\bwill begin (?:in a few moments|shortly|soon)\\b");

  private LiveStart() {}

  /** How long until the event starts, measured from when the text was written. */
  public static Optional<Duration> untilStart(String message) {
    if (message == null) {
      return Optional.empty();
    }
    String text = message.toLowerCase(Locale.ROOT);
    // The tail may hold several attempts; the last verdict is the newest.
    Optional<Duration> found = Optional.empty();
    int at = -1;
    Matcher in = IN.matcher(text);
    while (in.find()) {
      Optional<Duration> d = duration(in.group(1), in.group(2));
      if (d.isPresent()) {
        found = d;
        at = in.start();
      }
    }
    Matcher soon = SOON_WORDS.matcher(text);
    while (soon.find()) {
      if (soon.start() > at) {
        found = Optional.of(SOON);
        at = soon.start();
      }
    }
    return found;
  }

  /** When the event starts, if the text says: {@code now} plus {@link #untilStart}. */
  public static Optional<Instant> startsAt(String message, Instant now) {
    return untilStart(message).map(now::plus);
  }

  private static Optional<Duration> duration(String count, String unit) {
    long n = Character.isDigit(count.charAt(0)) ? Long.parseLong(count) : 1;
    Duration one =
        switch (unit) {
          case "second" -> Duration.ofSeconds(1);
          case "minute" -> Duration.ofMinutes(1);
          case "hour" -> Duration.ofHours(1);
          case "day" -> Duration.ofDays(1);
          case "week" -> Duration.ofDays(7);
          default -> Duration.ofDays(30); // month: YouTube counts a schedule months ahead roughly
        };
    Duration d = one.multipliedBy(n);
    return d.compareTo(LONGEST) > 0 ? Optional.empty() : Optional.of(d);
  }
}
