package archiver.download.media;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The last check before a file goes to Telegram (OUTPUT_VALIDATE in docs/ARCHITECTURE.md,
 * "Pipeline"): it exists, fits the size limit, and holds what {@code sendVideo} / {@code sendAudio}
 * play inline.
 */
public final class OutputValidator {

  private static final List<String> AUDIO_CODECS = List.of("aac", "mp3");

  private final Ffprobe ffprobe;

  public OutputValidator(Ffprobe ffprobe) {
    this.ffprobe = Objects.requireNonNull(ffprobe, "ffprobe");
  }

  /**
   * Checks a finished file. A video job needs an MP4 with exactly one H.264 video stream (cover art
   * does not count) and at most one AAC or MP3 audio stream; an audio job needs exactly one AAC or
   * MP3 audio stream and no moving picture; the original as a file (a document) any audio or video
   * stream. All need a duration above zero.
   *
   * @param maxBytes the effective upload limit (configured and the Bot API server's)
   * @throws InterruptedException when the calling thread is interrupted (ffprobe is killed first)
   */
  public ValidationResult validate(Path file, JobType jobType, long maxBytes)
      throws InterruptedException {
    Objects.requireNonNull(jobType, "jobType");
    if (!Files.isRegularFile(file)) {
      return new ValidationResult.Invalid(ErrorType.UNKNOWN, "output file missing: " + file);
    }
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      return new ValidationResult.Invalid(
          ErrorType.UNKNOWN, ToolMessages.shorten("cannot read output file: " + e.getMessage()));
    }
    if (size > maxBytes) {
      return new ValidationResult.Invalid(
          ErrorType.SIZE_LIMIT,
          "output is " + size + " bytes, over the limit of " + maxBytes + " bytes");
    }
    MediaInfo info;
    switch (ffprobe.probe(file)) {
      case ProbeResult.Failed failed -> {
        return new ValidationResult.Invalid(
            failed.errorType(), ToolMessages.shorten("output unreadable: " + failed.message()));
      }
      case ProbeResult.Probed probed -> info = probed.info();
    }
    Optional<String> problem =
        switch (jobType) {
          case VIDEO -> videoProblem(info);
          case AUDIO -> audioProblem(info);
          case FILE -> fileProblem(info);
        };
    if (problem.isEmpty() && !(info.durationSeconds() > 0)) {
      problem = Optional.of("output has no duration");
    }
    if (problem.isPresent()) {
      return new ValidationResult.Invalid(
          ErrorType.UNKNOWN, problem.get() + " (found " + info.codecSummary() + ")");
    }
    if (jobType == JobType.FILE) {
      return new ValidationResult.Valid(info, false); // a document is downloaded, not streamed
    }
    boolean faststart;
    try {
      faststart = Mp4Boxes.isFaststart(file);
    } catch (IOException e) {
      return new ValidationResult.Invalid(
          ErrorType.UNKNOWN, ToolMessages.shorten("cannot read output file: " + e.getMessage()));
    }
    return new ValidationResult.Valid(info, faststart);
  }

  /** Why the file is no video Telegram plays inline, empty when it is one. */
  private static Optional<String> videoProblem(MediaInfo info) {
    if (!info.isFormat("mp4")) {
      return Optional.of("video output is not MP4");
    }
    List<StreamInfo> video = info.videoStreams();
    if (video.size() != 1 || !video.get(0).codecName().equals("h264")) {
      return Optional.of("video output needs exactly one H.264 video stream");
    }
    List<StreamInfo> audio = info.audioStreams();
    if (audio.size() > 1
        || (audio.size() == 1 && !AUDIO_CODECS.contains(audio.get(0).codecName()))) {
      return Optional.of("video output may have at most one AAC or MP3 audio stream");
    }
    return Optional.empty();
  }

  /**
   * Why the original is no media at all (a web page or an archive saved under a media name), empty
   * when it holds sound or picture: a document may be in any format, but it must be what was asked.
   */
  private static Optional<String> fileProblem(MediaInfo info) {
    if (info.audioStreams().isEmpty() && info.videoStreams().isEmpty()) {
      return Optional.of("the file holds no audio or video");
    }
    return Optional.empty();
  }

  /** Why the file is no audio Telegram plays inline, empty when it is one. */
  private static Optional<String> audioProblem(MediaInfo info) {
    List<StreamInfo> audio = info.audioStreams();
    if (audio.size() != 1 || !AUDIO_CODECS.contains(audio.get(0).codecName())) {
      return Optional.of("audio output needs exactly one AAC or MP3 audio stream");
    }
    if (!info.videoStreams().isEmpty()) {
      return Optional.of("audio output has a video stream");
    }
    return Optional.empty();
  }
}
