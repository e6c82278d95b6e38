package archiver.core.pipeline;

import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.DownloadFailure;
import archiver.download.DownloadResult;
import archiver.download.Metadata;
import archiver.download.media.OutputValidator;
import archiver.download.media.ValidationResult;
import archiver.storage.FileNames;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Optional;

/**
 * The last stages of a job that asked for the original as a file: what was downloaded is named
 * after the title and checked, never converted (docs: README, "Long videos and lectures").
 */
final class OriginalAsFile {

  private final OutputValidator validator;
  private final Clock clock;

  OriginalAsFile(OutputValidator validator, Clock clock) {
    this.validator = validator;
    this.clock = clock;
  }

  /**
   * What "the original" means for a source: its best video (with its sound) when it has video, else
   * its best audio. The downloaders know these two; nothing is converted afterwards.
   */
  static Quality qualityOf(Metadata metadata) {
    return metadata.qualities().contains(Quality.BEST.code()) || metadata.qualities().isEmpty()
        ? Quality.BEST
        : Quality.AUDIO_BEST;
  }

  /**
   * The original as a document: the downloaded bytes unchanged, named after the title, checked to
   * be media within the limit. A file over the limit is not split or re-encoded: that would no
   * longer be the original, and /video or /audio does it with a file that plays inline.
   */
  PipelineOutcome deliver(
      PipelineRequest request,
      Metadata metadata,
      DownloadResult.Downloaded downloaded,
      PipelineListener listener)
      throws InterruptedException {
    listener.event(new OutputEvent.AsFileStarted(downloaded.sizeBytes()));
    long t0 = clock.millis();
    Path named;
    try {
      Path outDir =
          java.nio.file.Files.createDirectories(
              request.workDir().resolve(MediaPipeline.OUTPUT_FOLDER));
      String name = downloaded.file().getFileName().toString();
      int dot = name.lastIndexOf('.');
      named =
          outDir.resolve(
              FileNames.withMediaId(metadata.title(), "", dot < 0 ? "" : name.substring(dot + 1)));
      java.nio.file.Files.move(
          downloaded.file(), named, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    } catch (java.io.IOException e) {
      DownloadFailure failure =
          DownloadFailure.of(ErrorType.UNKNOWN, "cannot name the file: " + e.getMessage());
      listener.event(new PipelineEvent.PostprocessFailed(failure));
      return new PipelineOutcome.Failed(MediaPipeline.POSTPROCESS, failure);
    }
    listener.event(new OutputEvent.AsFileNamed(clock.millis() - t0));
    switch (validator.validate(named, JobType.FILE, request.maxBytes())) {
      case ValidationResult.Invalid invalid -> {
        DownloadFailure failure = DownloadFailure.of(invalid.errorType(), invalid.message());
        if (failure.type() == ErrorType.SIZE_LIMIT) {
          // The source did not say its size, or said less: now it is known.
          failure = failure.withAdvice(new Advice.FileTooLarge(sizeOf(named), request.maxBytes()));
        }
        failure = FailureAdvice.advised(failure, request, metadata);
        listener.event(new OutputEvent.ValidationFailed(failure));
        return new PipelineOutcome.Failed(MediaPipeline.OUTPUT_VALIDATE, failure);
      }
      case ValidationResult.Valid valid -> {
        listener.event(OutputEvent.AsFileValidated.of(valid.info()));
        return new PipelineOutcome.Succeeded(
            new ReadyMedia(
                named,
                Optional.empty(),
                JobType.FILE,
                metadata.title(),
                metadata.performer(),
                metadata.mediaId(),
                valid.info(),
                valid.info().sizeBytes(),
                false,
                false));
      }
    }
  }

  private static Optional<Long> sizeOf(Path file) {
    try {
      return Optional.of(java.nio.file.Files.size(file));
    } catch (java.io.IOException e) {
      return Optional.empty();
    }
  }
}
