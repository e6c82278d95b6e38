package archiver.download.intake;

import archiver.domain.RefusalReason;
import java.util.Objects;
import java.util.Optional;

/** What {@link UrlNormalizer} makes of an accepted, routed link. */
sealed interface Normalization
    permits Normalization.Canonical, Normalization.Playlist, Normalization.Refused {

  /**
   * @param url the canonical form used for de-duplication ({@code job_key})
   * @param mediaId the site's id of the media (a YouTube video id, a Facebook video id, an
   *     Archive.org identifier) when the link names one
   * @param playlistId the playlist a video link also names ({@code watch?v=X&list=Y})
   */
  record Canonical(String url, Optional<String> mediaId, Optional<String> playlistId)
      implements Normalization {
    public Canonical {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(mediaId, "mediaId");
      Objects.requireNonNull(playlistId, "playlistId");
    }

    Canonical(String url, Optional<String> mediaId) {
      this(url, mediaId, Optional.empty());
    }
  }

  /**
   * A link to a whole playlist.
   *
   * @param url its canonical form ({@code https://www.youtube.com/playlist?list=<id>})
   */
  record Playlist(String url, String playlistId) implements Normalization {
    public Playlist {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(playlistId, "playlistId");
    }
  }

  /** A supported site, but not a link the bot can fetch as one media item. */
  record Refused(RefusalReason reason, String detail) implements Normalization {}
}
