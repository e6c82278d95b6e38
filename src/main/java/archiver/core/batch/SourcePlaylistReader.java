package archiver.core.batch;

import archiver.domain.NewBatch;
import archiver.domain.SourceType;
import archiver.download.http.ArchiveOrgPlaylists;
import archiver.download.http.HttpPlaylist;
import archiver.download.http.LecturePagePlaylists;
import java.net.URI;
import java.util.Objects;

/**
 * Reads a playlist with the reader of the link's site: an Archive.org item's uploads from its
 * metadata, a lecture page's recordings from its HTML, everything else (YouTube, feeds) with
 * yt-dlp. A lecture page that lists fewer than two recordings is no playlist, and yt-dlp is not
 * asked about it: the single-link path asks it anyway, and asking here would cost every lecture
 * link a yt-dlp run before it is even offered.
 */
public final class SourcePlaylistReader implements PlaylistReader {

  private final PlaylistReader ytDlp;
  private final ArchiveOrgPlaylists archive;
  private final LecturePagePlaylists pages;

  public SourcePlaylistReader(
      PlaylistReader ytDlp, ArchiveOrgPlaylists archive, LecturePagePlaylists pages) {
    this.ytDlp = Objects.requireNonNull(ytDlp, "ytDlp");
    this.archive = Objects.requireNonNull(archive, "archive");
    this.pages = Objects.requireNonNull(pages, "pages");
  }

  /** Without a source the link is read as before this reader: by yt-dlp. */
  @Override
  public Listing read(URI url, int maxItems) throws InterruptedException {
    return ytDlp.read(url, maxItems);
  }

  @Override
  public Listing read(SourceType source, URI url, int maxItems) throws InterruptedException {
    return switch (source) {
      case ARCHIVE -> listing(archive.read(url, maxItems));
      case TARIQ_ALLAH -> listing(pages.read(url, maxItems));
      case YOUTUBE, FACEBOOK, GENERIC -> ytDlp.read(source, url, maxItems);
    };
  }

  private static Listing listing(HttpPlaylist playlist) {
    return switch (playlist) {
      case HttpPlaylist.Listed l ->
          new Read(
              l.id(),
              l.title(),
              l.count(),
              l.more(),
              l.entries().stream()
                  .map(e -> new NewBatch.Item(e.url().toString(), e.title()))
                  .toList());
      case HttpPlaylist.NotAPlaylist n -> new NotAPlaylist();
      case HttpPlaylist.Failed f -> new Failed(f.reason());
    };
  }
}
