package archiver.download.intake;

import archiver.domain.RefusalReason;
import java.util.Objects;
import java.util.Optional;

/** What {@link UrlNormalizer} makes of an accepted, routed link. */
sealed interface Normalization permits Normalization.Canonical, Normalization.Refused {

  /**
   * @param url the canonical form used for de-duplication ({@code job_key})
   * @param mediaId the site's id of the media (a YouTube video id, a Facebook video id, an
   *     Archive.org identifier) when the link names one
   */
  record Canonical(String url, Optional<String> mediaId) implements Normalization {
    public Canonical {
      Objects.requireNonNull(url, "url");
      Objects.requireNonNull(mediaId, "mediaId");
    }
  }

  /** A supported site, but not a link the bot can fetch as one media item. */
  record Refused(RefusalReason reason, String detail) implements Normalization {}
}
