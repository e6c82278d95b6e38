package archiver.download.ytdlp;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The last lines yt-dlp wrote (messages, not progress), bounded, for error classification and job
 * events. Cookie values are masked on the way out: yt-dlp does not normally print them, but a
 * verbose traceback or a site's error page echoed into a message could.
 */
final class OutputTail {

  static final int MAX_CHARS = 4000;

  /** A Cookie/Set-Cookie header line, whatever follows it. */
  private static final Pattern COOKIE_HEADER =
      Pattern.compile("(?i)((?:set-)?cookie[\"']?\\s*[:=]\\s*)[^\\r\\n]+");

  /**
   * Session cookies of the sites we use (Google's SID, HSID, __Secure-1PSID, ...; Facebook's
   * c_user, xs, datr) as name=value anywhere in a line. Case-sensitive, as cookie names are.
   */
  private static final Pattern SESSION_COOKIE =
      Pattern.compile(
          "\\b((?:__Secure-|__Host-)?[0-9A-Z]*(?:SID|PSIDTS|PSIDCC)|LOGIN_INFO|c_user|xs|datr"
              + "|sessionid)=([^;\\s\"']+)");

  private static final int MIN_SECRET_LENGTH = 6;

  private final Deque<String> lines = new ArrayDeque<>();
  private int chars;

  synchronized void add(String line) {
    // yt-dlp starts some messages with \r (progress-style), which the line reader turns into
    // empty lines.
    if (line.isBlank()) {
      return;
    }
    lines.addLast(line);
    chars += line.length() + 1;
    while (chars > MAX_CHARS && lines.size() > 1) {
      chars -= lines.removeFirst().length() + 1;
    }
  }

  synchronized List<String> lines() {
    return new ArrayList<>(lines);
  }

  /** The kept lines, masked, ending in a newline when not empty. */
  String text(Collection<String> secretValues) {
    StringBuilder out = new StringBuilder();
    for (String line : lines()) {
      out.append(line).append('\n');
    }
    String text = out.toString();
    if (text.length() > MAX_CHARS) {
      text = text.substring(text.length() - MAX_CHARS);
    }
    return mask(text, secretValues);
  }

  /** Masks the given cookie values and anything that looks like a session cookie. */
  static String mask(String text, Collection<String> secretValues) {
    String masked = text;
    for (String secret : secretValues) {
      if (secret.length() >= MIN_SECRET_LENGTH) {
        masked = masked.replace(secret, "***");
      }
    }
    masked = COOKIE_HEADER.matcher(masked).replaceAll("$1***");
    Matcher m = SESSION_COOKIE.matcher(masked);
    return m.replaceAll(r -> Matcher.quoteReplacement(r.group(1)) + "=***");
  }
}
