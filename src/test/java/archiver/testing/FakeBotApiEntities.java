package archiver.testing;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The entities Telegram attaches to a plain text message a user types
 * (https://core.telegram.org/bots/api#messageentity): {@code url}, {@code bot_command} and {@code
 * mention}, the ones a link bot reads. Offsets and lengths are in UTF-16 code units, as Telegram
 * counts them and as Java strings index, so an emoji before a link moves it by two.
 *
 * <p>Telegram recognises links without a scheme only for real top-level domains; a short list of
 * the common ones stands in for its full list, so {@code clip.webm} is not a link but {@code
 * youtu.be/abc} is.
 */
final class FakeBotApiEntities {

  /** One entity: type, offset and length in UTF-16 code units. */
  record Entity(String type, int offset, int length) {}

  private static final String TRAILING = ".,;:!?'\")]}\u060C\u061B\u061F";
  private static final Pattern URL_WITH_SCHEME =
      Pattern.compile("(?i)(?<![\\w@])https?://[^\\s<>\"]+");
  private static final Pattern URL_WITHOUT_SCHEME =
      Pattern.compile(
          "(?i)(?<![\\w@./:-])(?:[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\\.)+"
              + "(?:com|org|net|edu|gov|io|me|tv|be|ly|gl|co|app|dev|info|uk|de|fr|ru|eg|sa|ae|ma|"
              + "tn|dz|jo|kw|qa|ps|iq|sy|lb|om|bh|ye|sd|tr|in|us|ca|au)"
              + "(?![\\w-])(?::\\d{1,5})?(?:[/?#][^\\s<>\"]*)?");
  private static final Pattern BOT_COMMAND =
      Pattern.compile("(?<![^\\s])/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,32})?(?![\\w/@])");
  private static final Pattern MENTION =
      Pattern.compile("(?<![\\w@/])@[A-Za-z0-9_]{5,32}(?![\\w@])");

  private FakeBotApiEntities() {}

  /** The entities of {@code text}, sorted by offset, never overlapping. */
  static List<Entity> of(String text) {
    List<Entity> found = new ArrayList<>();
    addUrls(text, URL_WITH_SCHEME, found);
    addUrls(text, URL_WITHOUT_SCHEME, found);
    add(text, BOT_COMMAND, "bot_command", found);
    add(text, MENTION, "mention", found);
    found.sort(Comparator.comparingInt(Entity::offset));
    return List.copyOf(found);
  }

  private static void addUrls(String text, Pattern pattern, List<Entity> found) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      int end = m.end();
      while (end > m.start() && TRAILING.indexOf(text.charAt(end - 1)) >= 0) {
        end--;
      }
      addUnlessOverlapping(new Entity("url", m.start(), end - m.start()), found);
    }
  }

  private static void add(String text, Pattern pattern, String type, List<Entity> found) {
    Matcher m = pattern.matcher(text);
    while (m.find()) {
      addUnlessOverlapping(new Entity(type, m.start(), m.end() - m.start()), found);
    }
  }

  private static void addUnlessOverlapping(Entity candidate, List<Entity> found) {
    int end = candidate.offset() + candidate.length();
    for (Entity e : found) {
      if (candidate.offset() < e.offset() + e.length() && e.offset() < end) {
        return;
      }
    }
    found.add(candidate);
  }
}
