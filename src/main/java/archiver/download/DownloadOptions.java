package archiver.download;

import archiver.domain.Quality;
import java.util.Objects;

/** What {@link Downloader#download} is to fetch: the checked plan, within a size limit. */
public record DownloadOptions(
    Metadata metadata,
    CapabilityResult.Capable plan,
    Quality quality,
    long maxBytes,
    ProgressListener progress) {

  public DownloadOptions {
    Objects.requireNonNull(metadata, "metadata");
    Objects.requireNonNull(plan, "plan");
    Objects.requireNonNull(quality, "quality");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    progress = progress == null ? ProgressListener.none() : progress;
  }
}
