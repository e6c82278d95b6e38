package archiver.testing;

import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a text sent with {@code parse_mode=HTML} the way the Bot API does
 * (https://core.telegram.org/bots/api#html-style): only the documented tags, properly nested, and
 * every {@code <} that does not start a tag escaped as {@code &lt;}. What Telegram refuses ("can't
 * parse entities") this refuses too, so a bot that forgets to escape a title containing {@code <}
 * fails here as it would in production. The result is the plain text Telegram shows and returns.
 * Stray {@code &} and {@code >} are kept as they are, as Telegram does.
 */
final class FakeBotApiHtml {

  /** Telegram's answer is "Bad Request: can't parse entities: " + the message. */
  static final class ParseException extends Exception {
    ParseException(String message) {
      super(message);
    }
  }

  private static final Set<String> TAGS =
      Set.of(
          "b",
          "strong",
          "i",
          "em",
          "u",
          "ins",
          "s",
          "strike",
          "del",
          "span",
          "tg-spoiler",
          "a",
          "code",
          "pre",
          "blockquote",
          "tg-emoji");

  private FakeBotApiHtml() {}

  static String plainText(String html) throws ParseException {
    StringBuilder text = new StringBuilder();
    Deque<String> open = new ArrayDeque<>();
    int i = 0;
    while (i < html.length()) {
      char c = html.charAt(i);
      if (c == '<') {
        int close = html.indexOf('>', i);
        if (close < 0) {
          throw new ParseException("Unclosed start tag at byte offset " + byteOffset(html, i));
        }
        String tag = html.substring(i + 1, close).trim();
        if (tag.startsWith("/")) {
          String name = tag.substring(1).trim().toLowerCase(Locale.ROOT);
          if (open.isEmpty() || !open.peek().equals(name)) {
            throw new ParseException(
                "Unmatched end tag at byte offset "
                    + byteOffset(html, i)
                    + ", expected \"</"
                    + (open.isEmpty() ? "" : open.peek())
                    + ">\", found \"</"
                    + name
                    + ">\"");
          }
          open.pop();
        } else {
          String name = tagName(tag);
          if (!TAGS.contains(name)) {
            throw new ParseException(
                "Unsupported start tag \"" + name + "\" at byte offset " + byteOffset(html, i));
          }
          open.push(name);
        }
        i = close + 1;
      } else if (c == '&') {
        int semicolon = html.indexOf(';', i);
        String decoded = semicolon < 0 ? null : decode(html.substring(i + 1, semicolon));
        if (decoded == null) {
          text.append(c);
          i++;
        } else {
          text.append(decoded);
          i = semicolon + 1;
        }
      } else {
        text.append(c);
        i++;
      }
    }
    if (!open.isEmpty()) {
      throw new ParseException(
          "Can't find end tag corresponding to start tag \"" + open.peek() + "\"");
    }
    return text.toString();
  }

  private static String tagName(String tag) {
    int end = 0;
    while (end < tag.length() && !Character.isWhitespace(tag.charAt(end))) {
      end++;
    }
    return tag.substring(0, end).toLowerCase(Locale.ROOT);
  }

  /** The named and numeric entities Telegram supports; null when {@code name} is none of them. */
  private static String decode(String name) {
    String named =
        switch (name) {
          case "lt" -> "<";
          case "gt" -> ">";
          case "amp" -> "&";
          case "quot" -> "\"";
          default -> null;
        };
    if (named != null) {
      return named;
    }
    try {
      if (name.startsWith("#x") || name.startsWith("#X")) {
        return Character.toString(Integer.parseInt(name.substring(2), 16));
      }
      if (name.startsWith("#")) {
        return Character.toString(Integer.parseInt(name.substring(1)));
      }
    } catch (IllegalArgumentException e) {
      return null;
    }
    return null;
  }

  /** Telegram reports positions in UTF-8 bytes. */
  private static int byteOffset(String html, int charIndex) {
    return html.substring(0, charIndex).getBytes(StandardCharsets.UTF_8).length;
  }
}
