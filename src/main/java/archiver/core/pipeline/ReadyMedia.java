package archiver.core.pipeline;

import archiver.domain.JobType;
import archiver.download.media.MediaInfo;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A validated file that Telegram plays inline, with what {@code sendVideo}/{@code sendAudio} need.
 */
public record ReadyMedia(
    Path file,
    Optional<Path> thumbnail,
    JobType jobType,
    String title,
    Optional<String> performer,
    Optional<String> mediaId,
    MediaInfo info,
    long sizeBytes,
    boolean reencoded,
    boolean faststart) {

  public double durationSeconds() {
    return info.durationSeconds();
  }

  /** The video's width and height, for sendVideo; empty for audio. */
  public java.util.OptionalInt width() {
    return info.firstVideo()
        .map(v -> java.util.OptionalInt.of(v.width()))
        .orElse(java.util.OptionalInt.empty());
  }

  public java.util.OptionalInt height() {
    return info.firstVideo()
        .map(v -> java.util.OptionalInt.of(v.height()))
        .orElse(java.util.OptionalInt.empty());
  }
}
