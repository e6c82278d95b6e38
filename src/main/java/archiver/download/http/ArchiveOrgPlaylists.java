package archiver.download.http;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An Archive.org item of several uploads (a lecture series, an album) read as a playlist (issue
 * 15): one request to the metadata API, one item per upload in {@link ArchiveChooser#tracks} order,
 * each a link naming the upload's file, so it becomes an ordinary Archive.org job that fetches
 * exactly that file. An item of one upload, and a link that already names a file, is no playlist.
 */
public final class ArchiveOrgPlaylists {

  /**
   * Item links are Archive.org's public ones whatever {@code baseUrl} is: they are checked by
   * intake and stored as jobs' links, and the downloader turns them into API calls on its own base.
   */
  private static final String PUBLIC_DETAILS = "https://archive.org/details/";

  private final ArchiveMetadataApi api;

  /**
   * @param baseUrl where the metadata API lives ({@link ArchiveOrgDownloader#DEFAULT_BASE_URL});
   *     tests point it at a local server
   */
  public ArchiveOrgPlaylists(GuardedHttp http, URI baseUrl) {
    String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
    this.api =
        new ArchiveMetadataApi(
            http, base.endsWith("/") ? base.substring(0, base.length() - 1) : base);
  }

  /** Reads at most {@code maxItems} uploads of the item the link names. */
  public HttpPlaylist read(URI url, int maxItems) throws InterruptedException {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be at least 1, got " + maxItems);
    }
    Optional<ArchiveOrgDownloader.Link> link = ArchiveOrgDownloader.Link.of(url);
    if (link.isEmpty() || link.get().file().isPresent()) {
      return new HttpPlaylist.NotAPlaylist();
    }
    String id = link.get().identifier();
    return switch (api.item(id)) {
      case HttpResult.Failed<ArchiveItem> f -> new HttpPlaylist.Failed(f.failure().message());
      case HttpResult.Ok<ArchiveItem> ok -> listed(ok.value(), maxItems);
    };
  }

  private static HttpPlaylist listed(ArchiveItem item, int maxItems) {
    List<ArchiveChooser.Track> tracks = ArchiveChooser.tracks(item);
    if (tracks.size() < 2) {
      return new HttpPlaylist.NotAPlaylist();
    }
    List<HttpPlaylist.Entry> entries = new ArrayList<>();
    for (ArchiveChooser.Track track : tracks.subList(0, Math.min(maxItems, tracks.size()))) {
      entries.add(new HttpPlaylist.Entry(itemLink(item.identifier(), track.file()), title(track)));
    }
    return new HttpPlaylist.Listed(
        item.identifier(),
        item.title().orElse(item.identifier()),
        tracks.size(),
        tracks.size() > entries.size(),
        entries);
  }

  /** The upload's title, else the named file's name without extension. */
  private static String title(ArchiveChooser.Track track) {
    return track.title().orElseGet(() -> RemoteNames.titleOf(track.file().baseName()));
  }

  /** {@code https://archive.org/details/<id>/<name>}, each path element of the name encoded. */
  static URI itemLink(String identifier, ArchiveFile file) {
    StringBuilder url =
        new StringBuilder(PUBLIC_DETAILS).append(RemoteNames.encodePathSegment(identifier));
    for (String segment : file.name().split("/")) {
      url.append('/').append(RemoteNames.encodePathSegment(segment));
    }
    return URI.create(url.toString());
  }
}
