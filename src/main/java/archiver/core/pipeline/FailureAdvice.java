package archiver.core.pipeline;

import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.DownloadFailure;
import archiver.download.Metadata;
import java.util.Optional;

/** What a user is told would work instead of what failed (see {@link Advice}). */
final class FailureAdvice {

  private FailureAdvice() {}

  /**
   * What the user can do instead, when the failure says it: a file too large names the ways that
   * fit (the original is never cut), media too large even in parts names the most parts, and a
   * video asked of a link with sound only offers the sound.
   */
  static DownloadFailure advised(
      DownloadFailure failure, PipelineRequest request, Metadata metadata) {
    if (failure.advice().isPresent()) {
      return failure;
    }
    JobType type = request.quality().jobType();
    if (failure.type() == ErrorType.SIZE_LIMIT) {
      return failure.withAdvice(
          type == JobType.FILE
              ? new Advice.FileTooLarge(
                  metadata.sizeBytes().isPresent()
                      ? Optional.of(metadata.sizeBytes().getAsLong())
                      : Optional.empty(),
                  request.maxBytes())
              : new Advice.TooManyParts(request.longMedia().maxParts(), request.maxBytes()));
    }
    boolean soundOnly =
        !metadata.qualities().contains(Quality.BEST.code())
            && metadata.qualities().contains(Quality.AUDIO_BEST.code());
    if (failure.type() == ErrorType.FORMAT_NOT_FOUND && type == JobType.VIDEO && soundOnly) {
      return failure.withAdvice(new Advice.AudioOnly());
    }
    return failure;
  }
}
