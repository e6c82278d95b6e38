package archiver.core.admin;

import archiver.domain.SourceType;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Reads a Netscape {@code cookies.txt}, the format yt-dlp's {@code --cookies} takes
 * (https://github.com/yt-dlp/yt-dlp/wiki/FAQ#how-do-i-pass-cookies-to-yt-dlp): one cookie a line,
 * seven tab-separated fields (domain, include-subdomains flag, path, secure flag, expiry, name,
 * value); {@code #HttpOnly_} before the domain marks an HTTP-only cookie, other lines starting with
 * {@code #} and blank lines are ignored. The header {@code # Netscape HTTP Cookie File} is usual
 * but not required.
 *
 * <p>Every reason it gives names a line number and a field count, never a line's text: the text
 * holds cookie values.
 */
final class NetscapeCookies {

  /** What reading found. */
  sealed interface Reading permits Cookies, Invalid {}

  /**
   * A well-formed file.
   *
   * @param cookieLines how many cookie lines it has in all
   * @param forSite how many of them are for the profile's site
   */
  record Cookies(int cookieLines, int forSite) implements Reading {}

  /** Not a cookie file: the reason, in English, without any of the file's text. */
  record Invalid(String reason) implements Reading {}

  private static final String HTTP_ONLY = "#HttpOnly_";

  private NetscapeCookies() {}

  static Reading read(byte[] bytes, SourceType site) {
    Optional<String> text = utf8(bytes);
    if (text.isEmpty()) {
      return new Invalid("it is not text (not UTF-8)");
    }
    int number = 0;
    int cookies = 0;
    int forSite = 0;
    // Some exporters start the file with a byte order mark.
    String body = text.get().startsWith("\uFEFF") ? text.get().substring(1) : text.get();
    for (String line : body.split("\r?\n", -1)) {
      number++;
      if (line.isBlank() || (line.startsWith("#") && !line.startsWith(HTTP_ONLY))) {
        continue;
      }
      String[] fields = line.split("\t", -1);
      if (fields.length != 7) {
        return new Invalid(
            "line " + number + " has " + fields.length + " tab-separated fields, not 7");
      }
      if (!isFlag(fields[1]) || !isFlag(fields[3]) || !fields[4].strip().matches("-?\\d+")) {
        return new Invalid(
            "line " + number + " is not a cookie (fields 2 and 4 TRUE/FALSE, field 5 a number)");
      }
      cookies++;
      String domain =
          fields[0].startsWith(HTTP_ONLY) ? fields[0].substring(HTTP_ONLY.length()) : fields[0];
      if (isFor(domain, site)) {
        forSite++;
      }
    }
    if (cookies == 0) {
      return new Invalid("it has no cookie lines");
    }
    if (forSite == 0) {
      return new Invalid("none of its " + cookies + " cookies is for " + sites(site));
    }
    return new Cookies(cookies, forSite);
  }

  /** The domains a profile's cookies must include one of; empty for a site of any domain. */
  static List<String> domainsOf(SourceType site) {
    return switch (site) {
      // YouTube signs in through Google: an exported YouTube session has both.
      case YOUTUBE -> List.of("youtube.com", "google.com");
      case FACEBOOK -> List.of("facebook.com");
      case ARCHIVE, TARIQ_ALLAH, GENERIC -> List.of();
    };
  }

  private static boolean isFor(String domain, SourceType site) {
    List<String> wanted = domainsOf(site);
    if (wanted.isEmpty()) {
      return true;
    }
    String d = domain.strip().toLowerCase(Locale.ROOT);
    d = d.startsWith(".") ? d.substring(1) : d;
    for (String w : wanted) {
      if (d.equals(w) || d.endsWith("." + w)) {
        return true;
      }
    }
    return false;
  }

  private static String sites(SourceType site) {
    return String.join(" or ", domainsOf(site));
  }

  private static boolean isFlag(String field) {
    return field.equals("TRUE") || field.equals("FALSE");
  }

  private static Optional<String> utf8(byte[] bytes) {
    try {
      return Optional.of(
          StandardCharsets.UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(bytes))
              .toString());
    } catch (CharacterCodingException e) {
      return Optional.empty();
    }
  }
}
