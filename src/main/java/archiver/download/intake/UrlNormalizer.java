package archiver.download.intake;

import archiver.domain.RefusalReason;
import archiver.domain.SourceType;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Canonical forms of links, so that every shape of the same video gives the same {@code job_key}
 * (docs/ARCHITECTURE.md, "Job key and de-duplication"; issue 3 item 4).
 *
 * <p>YouTube: every video shape becomes {@code https://www.youtube.com/watch?v=<id>}; the shapes
 * follow yt-dlp's {@code YoutubeIE._VALID_URL} (watch?v=, youtu.be/, shorts/, embed/, v/, e/,
 * live/, attribution_link). Facebook: {@code https://www.facebook.com/watch/?v=<id>} when the
 * numeric id is in the link. Archive.org: {@code https://archive.org/details/<identifier>[/file]}.
 * Everything else: lower-case scheme and host, default port, fragment and tracking parameters
 * dropped, the remaining parameters kept in order.
 */
final class UrlNormalizer {

  private static final Pattern NUMERIC_ID = Pattern.compile("[0-9]{5,25}");
  private static final Pattern ARCHIVE_IDENTIFIER = Pattern.compile("[A-Za-z0-9._-]{1,100}");

  /** Parameters that only say who shared a link or which campaign it came from. */
  private static final Set<String> TRACKING_PARAMS =
      Set.of(
          "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid", "ttclid",
          "igshid", "igsh", "si", "mc_cid", "mc_eid", "_ga", "_gl", "mkt_tok");

  /** Facebook's own share and navigation parameters, which never select a different video. */
  private static final Set<String> FACEBOOK_NOISE_PARAMS =
      Set.of("mibextid", "rdid", "share_url", "ref", "refsrc", "_rdr", "__tn__", "sfnsn", "fs");

  private static final Set<String> YOUTUBE_PATH_ID_PREFIXES =
      Set.of("shorts", "embed", "v", "e", "live");

  Normalization normalize(SourceType type, URI uri) {
    return switch (type) {
      case YOUTUBE -> youtube(uri);
      case FACEBOOK -> facebook(uri);
      case ARCHIVE -> archive(uri);
      case TARIQ_ALLAH, GENERIC ->
          new Normalization.Canonical(generic(uri, Set.of(), null), Optional.empty());
    };
  }

  private static Normalization youtube(URI uri) {
    String host = SourceRouter.hostOf(uri);
    List<String> segments = UriText.segments(uri.getRawPath());
    List<Param> params = Param.parse(uri.getRawQuery());
    String id;
    if (host.equals("youtu.be")) {
      id = segments.isEmpty() ? null : leadingId(segments.get(0));
    } else {
      id = youtubeIdFromPath(segments, params);
      if (id == null && !segments.isEmpty() && segments.get(0).equals("attribution_link")) {
        // attribution_link?u=/watch%3Fv%3DID%26feature%3Dshare wraps the real path and query.
        String target = Param.first(params, "u");
        if (target != null && target.startsWith("/")) {
          int q = target.indexOf('?');
          String path = q < 0 ? target : target.substring(0, q);
          String query = q < 0 ? null : target.substring(q + 1);
          id = youtubeIdFromPath(UriText.segments(path), Param.parse(query));
        }
      }
    }
    Optional<String> list = playlistId(Param.first(params, "list"));
    if (id != null) {
      return new Normalization.Canonical(
          "https://www.youtube.com/watch?v=" + id, Optional.of(id), list);
    }
    if (list.isPresent()) {
      return new Normalization.Playlist(
          "https://www.youtube.com/playlist?list=" + list.get(), list.get());
    }
    boolean playlist =
        Param.first(params, "list") != null
            || (!segments.isEmpty()
                && Set.of("playlist", "watch_videos").contains(segments.get(0)));
    if (playlist) {
      return new Normalization.Refused(
          RefusalReason.PLAYLIST_NOT_SUPPORTED,
          "playlists are not supported yet; send a link to a single video");
    }
    return new Normalization.Refused(
        RefusalReason.UNSUPPORTED_LINK, "not a link to a single YouTube video");
  }

  /**
   * A playlist id as YouTube makes them: letters, digits, {@code _} and {@code -}, 10 to 64 long
   * (PL..., UU..., OLAK5uy_..., RD... mixes); anything else is no playlist.
   */
  private static final Pattern PLAYLIST_ID = Pattern.compile("[A-Za-z0-9_-]{10,64}");

  private static Optional<String> playlistId(String list) {
    return list != null && PLAYLIST_ID.matcher(list).matches()
        ? Optional.of(list)
        : Optional.empty();
  }

  /** The id of watch?v=ID (also /, /watch/ID and watch_popup) or of /shorts|embed|v|e|live/ID. */
  private static String youtubeIdFromPath(List<String> segments, List<Param> params) {
    String first = segments.isEmpty() ? "" : segments.get(0);
    if (segments.isEmpty() || first.equals("watch") || first.equals("watch_popup")) {
      String v = Param.first(params, "v");
      if (v != null) {
        return leadingId(v);
      }
      return segments.size() >= 2 && first.equals("watch") ? leadingId(segments.get(1)) : null;
    }
    if (YOUTUBE_PATH_ID_PREFIXES.contains(first) && segments.size() >= 2) {
      String candidate = segments.get(1);
      if (candidate.equals("videoseries") || candidate.equals("live_stream")) {
        return null;
      }
      return leadingId(candidate);
    }
    return null;
  }

  /**
   * The 11-character video id at the start of {@code text}, when what follows cannot be part of an
   * id (people paste {@code youtu.be/ID&feature=share} and {@code v=ID?t=30}).
   */
  private static String leadingId(String text) {
    if (text.length() < 11) {
      return null;
    }
    for (int i = 0; i < 11; i++) {
      if (!isIdChar(text.charAt(i))) {
        return null;
      }
    }
    if (text.length() > 11 && isIdChar(text.charAt(11))) {
      return null;
    }
    return text.substring(0, 11);
  }

  private static boolean isIdChar(char c) {
    return (c >= 'a' && c <= 'z')
        || (c >= 'A' && c <= 'Z')
        || (c >= '0' && c <= '9')
        || c == '_'
        || c == '-';
  }

  private static Normalization facebook(URI uri) {
    String host = SourceRouter.hostOf(uri);
    List<String> segments = UriText.segments(uri.getRawPath());
    List<Param> params = Param.parse(uri.getRawQuery());
    String id = null;
    String v = Param.first(params, "v");
    String first = segments.isEmpty() ? "" : segments.get(0);
    boolean videoPage =
        segments.isEmpty()
            || first.equals("watch")
            || first.equals("video.php")
            || (first.equals("video")
                && segments.size() >= 2
                && segments.get(1).equals("video.php"));
    if (v != null && videoPage && !host.equals("fb.watch") && NUMERIC_ID.matcher(v).matches()) {
      id = v;
    } else if ((first.equals("reel") || first.equals("reels")) && segments.size() >= 2) {
      id = NUMERIC_ID.matcher(segments.get(1)).matches() ? segments.get(1) : null;
    } else {
      int videos = segments.indexOf("videos");
      for (int i = videos + 1; videos >= 0 && i < segments.size(); i++) {
        if (NUMERIC_ID.matcher(segments.get(i)).matches()) {
          id = segments.get(i);
        }
      }
    }
    if (id != null) {
      return new Normalization.Canonical(
          "https://www.facebook.com/watch/?v=" + id, Optional.of(id));
    }
    if (segments.isEmpty()) {
      return new Normalization.Refused(
          RefusalReason.UNSUPPORTED_LINK, "not a link to a Facebook video");
    }
    // Share links (fb.watch/TOKEN, /share/v/TOKEN/) and posts hide the id; keep them as they are.
    String canonicalHost = host.equals("fb.watch") ? "fb.watch" : "www.facebook.com";
    return new Normalization.Canonical(
        generic(uri, FACEBOOK_NOISE_PARAMS, canonicalHost), Optional.empty());
  }

  private static Normalization archive(URI uri) {
    List<String> segments = UriText.segments(uri.getRawPath());
    if (segments.size() >= 2 && Set.of("details", "download", "embed").contains(segments.get(0))) {
      String identifier = UriText.decode(segments.get(1), false);
      if (ARCHIVE_IDENTIFIER.matcher(identifier).matches()) {
        StringBuilder url = new StringBuilder("https://archive.org/details/").append(identifier);
        if (!segments.get(0).equals("embed")) {
          for (String file : segments.subList(2, segments.size())) {
            url.append('/').append(UriText.encodePathSegment(UriText.decode(file, false)));
          }
        }
        return new Normalization.Canonical(url.toString(), Optional.of(identifier));
      }
    }
    return new Normalization.Refused(
        RefusalReason.UNSUPPORTED_LINK, "not a link to an Archive.org item");
  }

  /**
   * Lower-case scheme and host, default port, fragment, tracking and {@code extraNoise} parameters
   * dropped; path escapes normalised; other parameters kept in their order.
   */
  private static String generic(URI uri, Set<String> extraNoise, String hostOverride) {
    URI u = uri.normalize();
    String scheme = u.getScheme().toLowerCase(Locale.ROOT);
    String host = hostOverride != null ? hostOverride : SourceRouter.hostOf(u);
    int port = u.getPort();
    boolean defaultPort =
        port == -1
            || (scheme.equals("https") && port == 443)
            || (scheme.equals("http") && port == 80);
    String path = u.getRawPath() == null || u.getRawPath().isEmpty() ? "/" : u.getRawPath();
    StringBuilder out = new StringBuilder(scheme).append("://").append(host);
    if (!defaultPort) {
      out.append(':').append(port);
    }
    out.append(UriText.normalizeEscapes(path));
    List<String> kept = new ArrayList<>();
    for (Param p : Param.parse(u.getRawQuery())) {
      String key = p.key().toLowerCase(Locale.ROOT);
      boolean noise =
          key.startsWith("utm_")
              || key.startsWith("__cft__")
              || key.startsWith("__xts__")
              || TRACKING_PARAMS.contains(key)
              || extraNoise.contains(key);
      if (!noise) {
        kept.add(UriText.normalizeEscapes(p.raw()));
      }
    }
    if (!kept.isEmpty()) {
      out.append('?').append(String.join("&", kept));
    }
    return out.toString();
  }

  /** One query parameter: its raw text and its decoded key and value. */
  private record Param(String raw, String key, String value) {

    static List<Param> parse(String rawQuery) {
      List<Param> result = new ArrayList<>();
      if (rawQuery == null) {
        return result;
      }
      for (String token : rawQuery.split("&")) {
        if (token.isEmpty()) {
          continue;
        }
        int eq = token.indexOf('=');
        String key = eq < 0 ? token : token.substring(0, eq);
        String value = eq < 0 ? "" : token.substring(eq + 1);
        result.add(new Param(token, UriText.decode(key, true), UriText.decode(value, true)));
      }
      return result;
    }

    static String first(List<Param> params, String key) {
      for (Param p : params) {
        if (p.key().equals(key)) {
          return p.value();
        }
      }
      return null;
    }
  }
}
