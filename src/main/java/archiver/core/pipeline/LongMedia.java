package archiver.core.pipeline;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.download.DownloadFailure;
import archiver.download.media.AudioFitter;
import archiver.download.media.FitRequest;
import archiver.download.media.FitResult;
import archiver.download.media.MediaInfo;
import archiver.download.media.SplitRequest;
import archiver.download.media.SplitResult;
import archiver.download.media.Splitter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Makes a finished file that is over Telegram's upload limit fit it: audio is re-encoded to the
 * highest AAC bitrate that fits one file (a two-hour lecture at about 48 kbit/s is one file that
 * plays in Telegram's audio player), and split into parts only below {@code limits.audio_min_kbps};
 * video is split at keyframes by stream copy into parts that each play inline (no re-encode).
 */
final class LongMedia {

  /** What the step made: the files to send in order, or why it could not. */
  sealed interface Outcome {
    /** {@code how}: what the POSTPROCESS_FINISHED event says was done. */
    record Fitted(List<ReadyMedia> parts, PipelineEvent.Fitting how) implements Outcome {}

    record Failed(DownloadFailure failure) implements Outcome {}
  }

  private final AudioFitter fitter;
  private final Splitter splitter;

  LongMedia(AudioFitter fitter, Splitter splitter) {
    this.fitter = fitter;
    this.splitter = splitter;
  }

  /**
   * @param file the post-processed file (Telegram-ready, but over {@code maxBytes})
   * @param template the media as it would be sent in one file: title, performer, picture
   */
  Outcome fit(
      ReadyMedia template, Path outDir, String baseName, long maxBytes, LongMediaLimits limits)
      throws InterruptedException {
    if (template.jobType() == JobType.AUDIO) {
      FitResult fitted =
          fitter.fit(
              new FitRequest(
                  template.file(), outDir, baseName + ".fit", maxBytes, limits.audioMinKbps()));
      switch (fitted) {
        case FitResult.Fitted f -> {
          return new Outcome.Fitted(
              List.of(
                  withFile(
                      template, f.file(), template.thumbnail(), f.info(), f.sizeBytes(), true)),
              new PipelineEvent.Fitting.ToBitrate(f.bitrateKbps(), f.sizeBytes()));
        }
        case FitResult.BelowFloor below -> {
          // Not one file worth hearing: parts of the original instead.
          return split(template, outDir, baseName, maxBytes, limits, below.neededKbps());
        }
        case FitResult.Failed failed -> {
          return new Outcome.Failed(DownloadFailure.of(failed.errorType(), failed.message()));
        }
      }
    }
    return split(template, outDir, baseName, maxBytes, limits, 0);
  }

  private Outcome split(
      ReadyMedia template,
      Path outDir,
      String baseName,
      long maxBytes,
      LongMediaLimits limits,
      int neededKbps)
      throws InterruptedException {
    SplitResult result =
        splitter.split(
            new SplitRequest(
                template.file(), outDir.resolve("parts"), baseName, maxBytes, limits.maxParts()));
    return switch (result) {
      case SplitResult.Split split -> {
        List<ReadyMedia> parts = new ArrayList<>();
        List<Long> sizes = new ArrayList<>();
        for (SplitResult.Part p : split.parts()) {
          Optional<Path> thumb = p.thumbnail().isPresent() ? p.thumbnail() : template.thumbnail();
          parts.add(
              withFile(template, p.file(), thumb, p.info(), p.sizeBytes(), template.reencoded()));
          sizes.add(p.sizeBytes());
        }
        yield new Outcome.Fitted(parts, new PipelineEvent.Fitting.InParts(sizes, neededKbps));
      }
      case SplitResult.TooManyParts many ->
          new Outcome.Failed(
              DownloadFailure.of(
                  ErrorType.SIZE_LIMIT,
                  "it would take "
                      + many.needed()
                      + " parts of at most "
                      + megabytes(maxBytes)
                      + " to send; the most is "
                      + limits.maxParts()
                      + " (limits.max_parts_per_job)"));
      case SplitResult.Failed failed ->
          new Outcome.Failed(DownloadFailure.of(failed.errorType(), failed.message()));
    };
  }

  private static ReadyMedia withFile(
      ReadyMedia m,
      Path file,
      Optional<Path> thumbnail,
      MediaInfo info,
      long size,
      boolean reencoded) {
    return new ReadyMedia(
        file,
        thumbnail,
        m.jobType(),
        m.title(),
        m.performer(),
        m.mediaId(),
        info,
        size,
        reencoded,
        true);
  }

  private static String megabytes(long bytes) {
    return String.format(java.util.Locale.ROOT, "%.0f MB", bytes / (1024.0 * 1024.0));
  }
}
