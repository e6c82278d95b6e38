package archiver.core;

import archiver.domain.Quality;
import archiver.domain.SourceType;
import archiver.logging.JobContext;
import java.net.URI;
import java.nio.file.Path;
import java.util.Objects;

/**
 * One run of the media pipeline: which link, as what, within which size, working in which folder.
 */
public record PipelineRequest(
    JobContext job, URI url, SourceType source, Quality quality, long maxBytes, Path workDir) {
  public PipelineRequest {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(source, "source");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(workDir, "workDir");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
  }
}
