package archiver.download.intake;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Finds the links in a message: every http(s) link, in order, de-duplicated, at most {@code
 * maxLinksPerMessage}. Telegram's own {@code url}/{@code text_link} entities are used when the
 * message has them; otherwise the text is scanned. The links are returned as written; {@link
 * UrlIntake} judges them.
 */
public final class LinkExtractor {
  private static final Pattern HTTP_START = Pattern.compile("(?i)https?://");
  private static final Pattern OTHER_SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:(?![0-9])");
  private static final Pattern SCHEMELESS =
      Pattern.compile(
          "((?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\\.)+[A-Za-z]{2,63})"
              + "(?::[0-9]{1,5})?/.*",
          Pattern.DOTALL);

  /** Sentence punctuation that ends a link in prose, including the Arabic comma and marks. */
  private static final String TRAILING_PUNCTUATION = ".,;:!?'\"\u2026\u060C\u061B\u061F\u3002";

  private static final String LEADING_PUNCTUATION = "([{'\"\u00AB\u2039";
  private static final Set<Character> TOKEN_BREAKS = Set.of('<', '>', '"', '\u00AB', '\u00BB');

  private final SourceRouter router;
  private final int maxLinks;

  public LinkExtractor(IntakeSettings settings) {
    this.router = new SourceRouter(settings);
    this.maxLinks = settings.maxLinksPerMessage();
  }

  /** The links of a message without entities. */
  public List<String> extract(String text) {
    return extract(text, List.of());
  }

  /**
   * The links of a message.
   *
   * @param entities Telegram's entities of the message (offsets in UTF-16 code units); may be null
   *     or empty
   */
  public List<String> extract(String text, List<TextEntity> entities) {
    Set<String> links = new LinkedHashSet<>();
    if (entities != null && text != null) {
      List<TextEntity> ordered = new ArrayList<>(entities);
      ordered.sort(Comparator.comparingInt(TextEntity::offset));
      for (TextEntity entity : ordered) {
        String candidate = fromEntity(text, entity);
        if (candidate != null && isHttpOrSchemeless(candidate)) {
          add(links, candidate);
        }
      }
    }
    if (links.isEmpty() && text != null) {
      scan(text, links);
    }
    return List.copyOf(links);
  }

  private static String fromEntity(String text, TextEntity entity) {
    if ("text_link".equals(entity.type())) {
      return entity.url() == null ? null : entity.url().strip();
    }
    if (!"url".equals(entity.type())) {
      return null;
    }
    long end = (long) entity.offset() + entity.length();
    if (entity.offset() < 0 || entity.length() <= 0 || end > text.length()) {
      return null;
    }
    return text.substring(entity.offset(), (int) end).strip();
  }

  /** Telegram marks tg://, ftp:// and the like as links too; only http(s) and bare hosts count. */
  private static boolean isHttpOrSchemeless(String candidate) {
    if (candidate.isEmpty()) {
      return false;
    }
    return HTTP_START.matcher(candidate).lookingAt()
        || !OTHER_SCHEME.matcher(candidate).lookingAt();
  }

  private void scan(String text, Set<String> links) {
    int i = 0;
    while (i < text.length() && links.size() < maxLinks) {
      int start = i;
      while (start < text.length() && isBreak(text.codePointAt(start))) {
        start += Character.charCount(text.codePointAt(start));
      }
      int end = start;
      while (end < text.length() && !isBreak(text.codePointAt(end))) {
        end += Character.charCount(text.codePointAt(end));
      }
      if (end > start) {
        scanToken(text.substring(start, end), links);
      }
      i = end;
    }
  }

  /** One run of non-space text: links glued together ("a,https://b") are split at each scheme. */
  private void scanToken(String token, Set<String> links) {
    Matcher m = HTTP_START.matcher(token);
    List<Integer> starts = new ArrayList<>();
    while (m.find()) {
      starts.add(m.start());
    }
    if (starts.isEmpty()) {
      String bare = stripLeading(token);
      Matcher s = SCHEMELESS.matcher(bare);
      if (s.matches()) {
        String host = s.group(1).toLowerCase(Locale.ROOT);
        if (host.startsWith("www.") || router.knownSource(host).isPresent()) {
          add(links, trimTrailing(bare));
        }
      }
      return;
    }
    for (int k = 0; k < starts.size(); k++) {
      int to = k + 1 < starts.size() ? starts.get(k + 1) : token.length();
      String candidate = trimTrailing(token.substring(starts.get(k), to));
      if (!HTTP_START.matcher(candidate).replaceFirst("").isEmpty()) {
        add(links, candidate);
      }
    }
  }

  private void add(Set<String> links, String link) {
    if (links.size() < maxLinks) {
      links.add(link);
    }
  }

  private static boolean isBreak(int cp) {
    return Character.isWhitespace(cp)
        || Character.isSpaceChar(cp)
        || Character.isISOControl(cp)
        || Character.getType(cp) == Character.FORMAT
        || (cp < 0x10000 && TOKEN_BREAKS.contains((char) cp));
  }

  private static String stripLeading(String token) {
    int i = 0;
    while (i < token.length() && LEADING_PUNCTUATION.indexOf(token.charAt(i)) >= 0) {
      i++;
    }
    return token.substring(i);
  }

  /** Drops sentence punctuation and closing brackets that have no opening one inside the link. */
  private static String trimTrailing(String link) {
    String s = link;
    while (!s.isEmpty()) {
      char last = s.charAt(s.length() - 1);
      boolean drop =
          TRAILING_PUNCTUATION.indexOf(last) >= 0
              || (last == ')' && count(s, '(') < count(s, ')'))
              || (last == ']' && count(s, '[') < count(s, ']'))
              || (last == '}' && count(s, '{') < count(s, '}'));
      if (!drop) {
        break;
      }
      s = s.substring(0, s.length() - 1);
    }
    return s;
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }
}
