package archiver.download.intake;

import archiver.domain.SourceType;
import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Decides which downloader handles a link, by host (docs/ARCHITECTURE.md, "Sources" and "URL
 * safety").
 *
 * <p>Hosts are matched exactly, never by substring, so {@code evilyoutube.com} and {@code
 * youtube.com.evil.example} are not YouTube. Hosts must already be in IDNA ASCII form (as {@link
 * UrlGuard} leaves them), so a Cyrillic look-alike arrives as {@code xn--...} and matches nothing.
 */
public final class SourceRouter {

  private static final Set<String> YOUTUBE_HOSTS =
      Set.of(
          "youtube.com",
          "www.youtube.com",
          "m.youtube.com",
          "music.youtube.com",
          "youtu.be",
          "youtube-nocookie.com",
          "www.youtube-nocookie.com");

  private static final Set<String> FACEBOOK_HOSTS =
      Set.of(
          "facebook.com",
          "www.facebook.com",
          "m.facebook.com",
          "web.facebook.com",
          "mbasic.facebook.com",
          "fb.watch",
          "fb.com",
          "www.fb.com");

  private static final Set<String> ARCHIVE_HOSTS = Set.of("archive.org", "www.archive.org");

  /** File extensions that make a link on any public host a direct media download (GENERIC). */
  private static final Set<String> MEDIA_EXTENSIONS =
      Set.of(
          "mp3", "mp4", "m4a", "m4b", "m4v", "webm", "ogg", "oga", "ogv", "opus", "wav", "flac",
          "aac", "mkv", "mka", "mov", "3gp", "amr", "wma", "wmv", "avi", "mpg", "mpeg");

  private final List<String> lectureSiteDomains;
  private final List<String> extraAllowedDomains;

  public SourceRouter(IntakeSettings settings) {
    this.lectureSiteDomains = settings.lectureSiteDomains();
    this.extraAllowedDomains = settings.extraAllowedDomains();
  }

  /**
   * The source of a link, or empty when no downloader may fetch it (refuse as DOMAIN_NOT_ALLOWED).
   * Call it on links {@link UrlGuard} accepted.
   */
  public Optional<SourceType> detect(URI uri) {
    String host = hostOf(uri);
    if (host == null) {
      return Optional.empty();
    }
    Optional<SourceType> known = knownSource(host);
    if (known.isPresent()) {
      return known;
    }
    if (matchesDomain(host, extraAllowedDomains) || hasMediaExtension(uri.getRawPath())) {
      return Optional.of(SourceType.GENERIC);
    }
    return Optional.empty();
  }

  /**
   * The named source (YouTube, Facebook, Archive.org, a lecture site) a host belongs to; empty for
   * every other host. {@code host} is IDNA ASCII; case and one trailing dot do not matter.
   */
  public Optional<SourceType> knownSource(String host) {
    String h = canonicalHost(host);
    if (YOUTUBE_HOSTS.contains(h)) {
      return Optional.of(SourceType.YOUTUBE);
    }
    if (FACEBOOK_HOSTS.contains(h)) {
      return Optional.of(SourceType.FACEBOOK);
    }
    if (ARCHIVE_HOSTS.contains(h)) {
      return Optional.of(SourceType.ARCHIVE);
    }
    if (matchesDomain(h, lectureSiteDomains)) {
      return Optional.of(SourceType.TARIQ_ALLAH);
    }
    return Optional.empty();
  }

  /** True when the last segment of a raw path ends in a known audio or video file extension. */
  static boolean hasMediaExtension(String rawPath) {
    if (rawPath == null) {
      return false;
    }
    String segment = UriText.decode(rawPath.substring(rawPath.lastIndexOf('/') + 1), false);
    int semicolon = segment.indexOf(';');
    if (semicolon >= 0) {
      segment = segment.substring(0, semicolon);
    }
    int dot = segment.lastIndexOf('.');
    if (dot <= 0) {
      return false;
    }
    return MEDIA_EXTENSIONS.contains(segment.substring(dot + 1).toLowerCase(Locale.ROOT));
  }

  static String hostOf(URI uri) {
    return uri == null || uri.getHost() == null ? null : canonicalHost(uri.getHost());
  }

  private static String canonicalHost(String host) {
    String h = host.toLowerCase(Locale.ROOT);
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }

  private static boolean matchesDomain(String host, List<String> domains) {
    for (String domain : domains) {
      if (host.equals(domain) || host.endsWith("." + domain)) {
        return true;
      }
    }
    return false;
  }
}
