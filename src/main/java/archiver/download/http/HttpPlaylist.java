package archiver.download.http;

import java.net.URI;
import java.util.List;

/**
 * What reading a playlist through the guarded HTTP client gave (an Archive.org item of several
 * uploads, a lecture page of several recordings). Not {@code YtDlpPlaylists.Outcome}: its failure
 * is a process's exit code and stderr, ours is a request's short reason.
 */
public sealed interface HttpPlaylist {

  /** One item: a link that becomes an ordinary job, and its title. */
  record Entry(URI url, String title) {}

  /**
   * @param count how many items the playlist has
   * @param more it has more than the {@code entries} kept
   */
  record Listed(String id, String title, int count, boolean more, List<Entry> entries)
      implements HttpPlaylist {
    public Listed {
      entries = List.copyOf(entries);
    }
  }

  /** The link is one media item (or none): the single-link path handles it. */
  record NotAPlaylist() implements HttpPlaylist {}

  /** The site could not be read; {@code reason} is short, for the operator's log. */
  record Failed(String reason) implements HttpPlaylist {}
}
