package archiver.download.http;

import archiver.download.http.MediaTypes.Kind;
import java.net.URI;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A lecture-site page listing several recordings (TARIQ_ALLAH), read as a playlist (issue 15): the
 * page fetched once through the guarded client, its media links found by {@link PageMedia}. Two or
 * more audio links make a playlist of them in page order; a page without audio, of its video links.
 * Each item is the media file's own link, so it becomes an ordinary job of that file.
 */
public final class LecturePagePlaylists {

  /** A batch item's title is a line in a chat message, not a paragraph. */
  static final int MAX_TITLE_CHARS = 200;

  private final GuardedHttp http;

  public LecturePagePlaylists(GuardedHttp http) {
    this.http = Objects.requireNonNull(http, "http");
  }

  /** Reads at most {@code maxItems} recordings of the page at {@code url}. */
  public HttpPlaylist read(URI url, int maxItems) throws InterruptedException {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be at least 1, got " + maxItems);
    }
    HttpResult<GuardedHttp.Body> fetched = http.getBytes(url, LectureSiteDownloader.MAX_PAGE_BYTES);
    if (fetched instanceof HttpResult.Failed<GuardedHttp.Body> f) {
      return new HttpPlaylist.Failed(f.failure().message());
    }
    GuardedHttp.Body body = ((HttpResult.Ok<GuardedHttp.Body>) fetched).value();
    String type = MediaTypes.baseType(body.contentType().orElse(null));
    if (!type.isEmpty() && !MediaTypes.isHtml(type)) {
      return new HttpPlaylist.NotAPlaylist(); // the link is a media file itself, or no page
    }
    PageMedia media = PageMedia.extract(body.bytes(), body.charset(), body.uri());
    List<PageMedia.Link> recordings = ofKind(media.links(), Kind.AUDIO);
    if (recordings.isEmpty()) {
      recordings = ofKind(media.links(), Kind.VIDEO);
    }
    if (recordings.size() < 2) {
      return new HttpPlaylist.NotAPlaylist();
    }
    recordings.sort(Comparator.comparingInt(PageMedia.Link::position));
    List<HttpPlaylist.Entry> entries = new ArrayList<>();
    Map<String, Integer> textUses = textUses(recordings);
    for (PageMedia.Link link : recordings.subList(0, Math.min(maxItems, recordings.size()))) {
      entries.add(new HttpPlaylist.Entry(link.uri(), title(link, textUses)));
    }
    return new HttpPlaylist.Listed(
        url.toString(),
        media.title().orElse(url.toString()),
        recordings.size(),
        recordings.size() > entries.size(),
        entries);
  }

  private static List<PageMedia.Link> ofKind(List<PageMedia.Link> links, Kind kind) {
    List<PageMedia.Link> result = new ArrayList<>();
    for (PageMedia.Link link : links) {
      if (link.kind().isPresent() && link.kind().get() == kind) {
        result.add(link);
      }
    }
    return result;
  }

  private static Map<String, Integer> textUses(List<PageMedia.Link> links) {
    Map<String, Integer> uses = new HashMap<>();
    for (PageMedia.Link link : links) {
      link.text().ifPresent(t -> uses.merge(t, 1, Integer::sum));
    }
    return uses;
  }

  /**
   * The link's text, unless several recordings share it: pages label every file "Download" or
   * "تحميل", and then the file name tells them apart better.
   */
  private static String title(PageMedia.Link link, Map<String, Integer> textUses) {
    Optional<String> text = link.text().filter(t -> textUses.get(t) == 1);
    String title =
        text.orElseGet(
            () ->
                RemoteNames.fileNameOf(link.uri())
                    .map(RemoteNames::titleOf)
                    .orElse(link.uri().toString()));
    return title.length() <= MAX_TITLE_CHARS ? title : title.substring(0, MAX_TITLE_CHARS);
  }
}
