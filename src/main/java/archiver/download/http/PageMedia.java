package archiver.download.http;

import archiver.download.http.MediaTypes.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Document;
import org.jsoup.nodes.Element;

/**
 * The media a lecture page offers (docs/ARCHITECTURE.md, "Sources"), read with jsoup: HTML5 players
 * first ({@code <audio src>}, {@code <video src>}, their {@code <source>}s), then Open Graph {@code
 * og:audio}/{@code og:video}, then plain download links ({@code <a href>}) and the {@code data-*}
 * attributes JavaScript players (jPlayer, MediaElement, Plyr) keep their file in, that end in a
 * media extension. Links are made absolute against the page (and its {@code <base href>}).
 *
 * @param title {@code og:title}, else {@code <title>}
 * @param author {@code <meta name="author">}
 * @param links in the order above, without repeats
 * @param image {@code og:image}, for an audio cover
 */
record PageMedia(
    Optional<String> title, Optional<String> author, List<Link> links, Optional<String> image) {

  /** A media link and what the page says it is, when it says. */
  record Link(URI uri, Optional<Kind> kind) {}

  private static final List<String> DATA_ATTRIBUTES =
      List.of(
          "data-src", "data-url", "data-file", "data-audio", "data-mp3", "data-video", "data-href");

  PageMedia {
    links = List.copyOf(links);
  }

  /**
   * Parses the page. With {@code charset} empty jsoup reads the charset from a BOM or a {@code
   * <meta charset>}, which Arabic sites that serve windows-1256 without a header charset rely on.
   */
  static PageMedia extract(byte[] html, Optional<Charset> charset, URI pageUri) {
    Document doc;
    try {
      doc =
          Jsoup.parse(
              new ByteArrayInputStream(html),
              charset.map(Charset::name).orElse(null),
              pageUri.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e); // reading a byte array does not fail
    }
    Set<String> seen = new LinkedHashSet<>();
    List<Link> links = new ArrayList<>();
    for (Element e : doc.select("audio[src], audio > source[src]")) {
      add(links, seen, e.absUrl("src"), Optional.of(Kind.AUDIO), false);
    }
    for (Element e : doc.select("video[src], video > source[src]")) {
      add(links, seen, e.absUrl("src"), Optional.of(Kind.VIDEO), false);
    }
    for (Element e : doc.select("source[src]")) {
      add(links, seen, e.absUrl("src"), kindFromType(e.attr("type")), false);
    }
    addOpenGraph(doc, links, seen, "og:audio", Kind.AUDIO);
    addOpenGraph(doc, links, seen, "og:video", Kind.VIDEO);
    for (Element e : doc.select("a[href]")) {
      add(links, seen, e.absUrl("href"), Optional.empty(), true);
    }
    for (String attribute : DATA_ATTRIBUTES) {
      for (Element e : doc.select("[" + attribute + "]")) {
        add(links, seen, e.absUrl(attribute), Optional.empty(), true);
      }
    }
    return new PageMedia(
        meta(doc, "og:title").or(() -> nonBlank(doc.title())),
        nonBlank(doc.select("meta[name=author]").attr("content")),
        links,
        metaUrl(doc, "og:image:secure_url").or(() -> metaUrl(doc, "og:image")));
  }

  /**
   * {@code og:video} is often a player page (YouTube's embed URL, type text/html): only a file with
   * a media extension or a declared audio/video type counts.
   */
  private static void addOpenGraph(
      Document doc, List<Link> links, Set<String> seen, String property, Kind kind) {
    Optional<Kind> declared = kindFromType(meta(doc, property + ":type").orElse(""));
    boolean typed = declared.isPresent();
    for (String p : List.of(property + ":secure_url", property + ":url", property)) {
      for (Element e : doc.select("meta[property=" + p + "]")) {
        add(links, seen, e.absUrl("content"), Optional.of(declared.orElse(kind)), !typed);
      }
    }
  }

  private static void add(
      List<Link> links,
      Set<String> seen,
      String absolute,
      Optional<Kind> kind,
      boolean needsExtension) {
    if (absolute.isEmpty()) {
      return; // jsoup's answer for links it cannot resolve and for javascript:, data:, blob:
    }
    Optional<URI> uri = RemoteNames.lenientUri(absolute);
    if (uri.isEmpty() || uri.get().getHost() == null) {
      return;
    }
    String scheme = uri.get().getScheme().toLowerCase(Locale.ROOT);
    if (!scheme.equals("http") && !scheme.equals("https")) {
      return;
    }
    Optional<Kind> byExtension =
        RemoteNames.fileNameOf(uri.get())
            .flatMap(n -> MediaTypes.kindOfExtension(RemoteNames.extensionOf(n)));
    if (needsExtension && byExtension.isEmpty()) {
      return;
    }
    String key = uri.get().toString();
    if (seen.add(key)) {
      links.add(new Link(uri.get(), kind.isPresent() ? kind : byExtension));
    }
  }

  private static Optional<Kind> kindFromType(String type) {
    return MediaTypes.kindOfType(MediaTypes.baseType(type));
  }

  private static Optional<String> meta(Document doc, String property) {
    return nonBlank(doc.select("meta[property=" + property + "]").attr("content"));
  }

  private static Optional<String> metaUrl(Document doc, String property) {
    Element e = doc.selectFirst("meta[property=" + property + "]");
    return e == null ? Optional.empty() : nonBlank(e.absUrl("content"));
  }

  private static Optional<String> nonBlank(String s) {
    return s == null || s.isBlank() ? Optional.empty() : Optional.of(s.strip());
  }
}
