package archiver.bot;

import java.util.Locale;
import java.util.Optional;

/**
 * A bot command as Telegram users type it: {@code /name}, or {@code /name@botname} in groups, then
 * arguments.
 */
record Command(String name, String args, boolean forOtherBot) {

  static Optional<Command> parse(String text, String botUsername) {
    if (text == null || !text.startsWith("/") || text.length() < 2) {
      return Optional.empty();
    }
    int space = indexOfWhitespace(text);
    String head = space < 0 ? text.substring(1) : text.substring(1, space);
    String args = space < 0 ? "" : text.substring(space).strip();
    boolean other = false;
    int at = head.indexOf('@');
    if (at >= 0) {
      String target = head.substring(at + 1);
      other = !botUsername.isEmpty() && !target.equalsIgnoreCase(botUsername);
      head = head.substring(0, at);
    }
    if (!head.matches("[A-Za-z0-9_]{1,32}")) {
      return Optional.empty();
    }
    return Optional.of(new Command(head.toLowerCase(Locale.ROOT), args, other));
  }

  private static int indexOfWhitespace(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (Character.isWhitespace(s.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
