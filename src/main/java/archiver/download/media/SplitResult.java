package archiver.download.media;

import archiver.domain.ErrorType;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link Splitter#split}. */
public sealed interface SplitResult {

  /** The parts in order, each within the size limit and validated; together the whole file. */
  record Split(List<Part> parts) implements SplitResult {
    public Split {
      parts = List.copyOf(parts);
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("a split has at least one part");
      }
    }
  }

  /**
   * One part.
   *
   * @param index 1 for the first part
   * @param count how many parts there are
   * @param thumbnail a JPEG within Telegram's thumbnail limits, when one could be made: a frame of
   *     the part for video, the cover for audio
   * @param startSeconds where the part begins in the whole file
   * @param durationSeconds the part's own duration as ffprobe reads it
   * @param info ffprobe's view of {@code file}
   */
  record Part(
      int index,
      int count,
      Path file,
      Optional<Path> thumbnail,
      double startSeconds,
      double durationSeconds,
      long sizeBytes,
      MediaInfo info) {
    public Part {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(thumbnail, "thumbnail");
      Objects.requireNonNull(info, "info");
    }
  }

  /** The file would need {@code needed} parts, more than asked for; nothing was written. */
  record TooManyParts(int needed) implements SplitResult {}

  /**
   * {@code SIZE_LIMIT} when the file cannot be cut small enough without encoding (a keyframe
   * interval larger than the limit), {@code FORMAT_NOT_FOUND} for a file that is not ready to play,
   * {@code TIMEOUT} when the tools ran too long, {@code UNKNOWN} with the tool's last words
   * otherwise. Nothing is left behind.
   */
  record Failed(ErrorType errorType, String message) implements SplitResult {
    public Failed {
      Objects.requireNonNull(errorType, "errorType");
      Objects.requireNonNull(message, "message");
    }
  }
}
