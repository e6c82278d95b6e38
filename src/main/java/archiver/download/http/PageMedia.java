package archiver.download.http;

import archiver.download.http.MediaTypes.Kind;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
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

  /**
   * A media link and what the page says it is, when it says.
   *
   * @param text what the page calls it: the text of an {@code <a>}, else a {@code title} attribute,
   *     from the first element of the link that has one
   * @param position where the link first appears, in document order: a page listing recordings
   *     lists them so, while {@link #links()} puts players before download links
   */
  record Link(URI uri, Optional<Kind> kind, Optional<String> text, int position) {}

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
    Found found = new Found(doc);
    for (Element e : doc.select("audio[src], audio > source[src]")) {
      found.add(e, e.absUrl("src"), Optional.of(Kind.AUDIO), false);
    }
    for (Element e : doc.select("video[src], video > source[src]")) {
      found.add(e, e.absUrl("src"), Optional.of(Kind.VIDEO), false);
    }
    for (Element e : doc.select("source[src]")) {
      found.add(e, e.absUrl("src"), kindFromType(e.attr("type")), false);
    }
    addOpenGraph(doc, found, "og:audio", Kind.AUDIO);
    addOpenGraph(doc, found, "og:video", Kind.VIDEO);
    for (Element e : doc.select("a[href]")) {
      found.add(e, e.absUrl("href"), Optional.empty(), true);
    }
    for (String attribute : DATA_ATTRIBUTES) {
      for (Element e : doc.select("[" + attribute + "]")) {
        found.add(e, e.absUrl(attribute), Optional.empty(), true);
      }
    }
    List<Link> links = found.links;
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
  private static void addOpenGraph(Document doc, Found found, String property, Kind kind) {
    Optional<Kind> declared = kindFromType(meta(doc, property + ":type").orElse(""));
    boolean typed = declared.isPresent();
    for (String p : List.of(property + ":secure_url", property + ":url", property)) {
      for (Element e : doc.select("meta[property=" + p + "]")) {
        found.add(e, e.absUrl("content"), Optional.of(declared.orElse(kind)), !typed);
      }
    }
  }

  /** The links found so far, each once, and where each element is in the document. */
  private static final class Found {
    private final List<Link> links = new ArrayList<>();
    private final Map<String, Integer> indexOf = new HashMap<>();
    private final Map<Element, Integer> positions = new IdentityHashMap<>();

    Found(Document doc) {
      for (Element e : doc.getAllElements()) {
        positions.put(e, positions.size());
      }
    }

    void add(Element element, String absolute, Optional<Kind> kind, boolean needsExtension) {
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
      Optional<String> text = textOf(element);
      int position = positions.getOrDefault(element, Integer.MAX_VALUE);
      Integer index = indexOf.get(key);
      if (index == null) {
        indexOf.put(key, links.size());
        links.add(new Link(uri.get(), kind.isPresent() ? kind : byExtension, text, position));
      } else {
        // A player and a download link of the same file: the first one's kind, the text of
        // whichever has one, the place it first appears.
        Link first = links.get(index);
        links.set(
            index,
            new Link(
                first.uri(),
                first.kind(),
                first.text().or(() -> text),
                Math.min(first.position(), position)));
      }
    }
  }

  private static Optional<String> textOf(Element e) {
    Optional<String> own = e.normalName().equals("a") ? nonBlank(e.text()) : Optional.empty();
    return own.or(() -> nonBlank(e.attr("title")));
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
