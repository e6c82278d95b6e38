package archiver.core.batch;

import archiver.domain.NewBatch;
import archiver.domain.SourceType;
import archiver.download.ytdlp.YtDlpPlaylists;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Reads a playlist flat: its title and its items' titles and links, no item fetched. */
public interface PlaylistReader {

  /** What reading gave. */
  sealed interface Listing {}

  /**
   * @param count the playlist's length as the site says it
   * @param more it has more than the {@code items} read
   */
  record Read(String id, String title, int count, boolean more, List<NewBatch.Item> items)
      implements Listing {
    public Read {
      items = List.copyOf(items);
    }
  }

  /** The link is one media item, not a list. */
  record NotAPlaylist() implements Listing {}

  /** The site or the tool failed; {@code reason} is for the operator's log. */
  record Failed(String reason) implements Listing {}

  /** Reads at most {@code maxItems} items of the playlist at {@code url}. */
  Listing read(URI url, int maxItems) throws InterruptedException;

  /**
   * Reads the playlist at {@code url}, which intake routed to {@code source}: a reader that knows
   * several sites ({@link SourcePlaylistReader}) picks by it; any other ignores it.
   */
  default Listing read(SourceType source, URI url, int maxItems) throws InterruptedException {
    return read(url, maxItems);
  }

  /** For runs that read no playlists (tests of single links, headless tools). */
  PlaylistReader NONE = (url, maxItems) -> new Failed("playlists are not read here");

  /** The real yt-dlp, anonymous (a playlist's listing needs no sign-in on the sites we take). */
  static PlaylistReader ytDlp(YtDlpPlaylists playlists, Duration timeout) {
    return (url, maxItems) ->
        switch (playlists.read(url, Optional.empty(), maxItems, timeout)) {
          case YtDlpPlaylists.Read r ->
              r.playlist().items().isEmpty()
                  ? new Failed("the playlist lists no item with a link")
                  : new Read(
                      r.playlist().id(),
                      r.playlist().title(),
                      r.playlist().count(),
                      r.playlist().more(),
                      r.playlist().items().stream()
                          .map(i -> new NewBatch.Item(i.url().toString(), i.title()))
                          .toList());
          case YtDlpPlaylists.NotAPlaylist n -> new NotAPlaylist();
          case YtDlpPlaylists.Failed f ->
              new Failed(
                  f.timedOut()
                      ? "yt-dlp timed out reading the playlist"
                      : "yt-dlp exited " + f.exitCode() + ": " + lastLine(f.stderrTail()));
        };
  }

  private static String lastLine(String text) {
    String[] lines = text.strip().split("\n");
    return lines.length == 0 ? "" : lines[lines.length - 1];
  }
}
