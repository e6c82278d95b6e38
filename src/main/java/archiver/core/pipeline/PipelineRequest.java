package archiver.core.pipeline;

import archiver.domain.Quality;
import archiver.domain.SourceType;
import archiver.logging.JobContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One run of the media pipeline: which link, as what, within which size (one file sent to
 * Telegram), working in which folder, and how media over that size are handled.
 */
public record PipelineRequest(
    JobContext job,
    URI url,
    SourceType source,
    Quality quality,
    long maxBytes,
    Path workDir,
    LongMediaLimits longMedia) {
  public PipelineRequest {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(workDir, "workDir");
    Objects.requireNonNull(longMedia, "longMedia");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
  }

  public PipelineRequest(
      JobContext job, URI url, SourceType source, Quality quality, long maxBytes, Path workDir) {
    this(job, url, source, quality, maxBytes, workDir, LongMediaLimits.DEFAULTS);
  }

  /**
   * What may be downloaded when one file would be over {@code maxBytes}: as much as the parts can
   * carry (audio is re-encoded smaller, video split).
   */
  public long downloadLimit() {
    long most = maxBytes * longMedia.maxParts();
    return most / longMedia.maxParts() == maxBytes ? most : Long.MAX_VALUE;
  }
}
