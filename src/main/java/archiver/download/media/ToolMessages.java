package archiver.download.media;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/** Turns a tool's stderr into the one short line a failed result carries. */
final class ToolMessages {

  static final int MAX_MESSAGE_CHARS = 300;

  /**
   * ffmpeg ends most failures with a generic line after the real reason; these say nothing the
   * error type does not already say.
   */
  private static final List<String> GENERIC_LINES =
      List.of("conversion failed!", "[...]", "exiting normally, received signal 2.");

  /** {@code [libx264 @ 0x55d0c3a2f840] ...}: the address differs on every run. */
  private static final Pattern CONTEXT_ADDRESS = Pattern.compile("\\[([^\\]@]+?) @ 0x[0-9a-f]+\\]");

  private ToolMessages() {}

  /** The last line of stderr that explains something, or {@code fallback} when there is none. */
  static String lastMeaningfulLine(String stderr, String fallback) {
    if (stderr != null) {
      String[] lines = stderr.split("\\R");
      for (int i = lines.length - 1; i >= 0; i--) {
        String line = lines[i].strip();
        if (line.isEmpty() || GENERIC_LINES.contains(line.toLowerCase(Locale.ROOT))) {
          continue;
        }
        return shorten(CONTEXT_ADDRESS.matcher(line).replaceAll("[$1]"));
      }
    }
    return shorten(fallback);
  }

  /** "150 ms" below ten seconds, "900 s" above: timeouts as an operator configured them. */
  static String describe(Duration duration) {
    long millis = duration.toMillis();
    return millis < 10_000 ? millis + " ms" : duration.toSeconds() + " s";
  }

  static String shorten(String message) {
    return message.length() <= MAX_MESSAGE_CHARS
        ? message
        : message.substring(0, MAX_MESSAGE_CHARS - 3) + "...";
  }
}
