package archiver.download.media;

import archiver.domain.ErrorType;
import java.nio.file.Path;
import java.util.Objects;

/** The outcome of {@link AudioFitter#fit}. */
public sealed interface FitResult {

  /**
   * An M4A (AAC-LC, {@code +faststart}) within the limit, as long as the input.
   *
   * @param bitrateKbps the bitrate it was encoded at
   * @param info ffprobe's view of {@code file}
   */
  record Fitted(Path file, int bitrateKbps, long sizeBytes, MediaInfo info) implements FitResult {
    public Fitted {
      Objects.requireNonNull(file, "file");
      Objects.requireNonNull(info, "info");
    }
  }

  /**
   * Not even the floor fits: {@code neededKbps} would (0 when nothing would). Nothing was written;
   * the caller splits instead.
   */
  record BelowFloor(int neededKbps) implements FitResult {}

  /**
   * {@code FORMAT_NOT_FOUND} when the input has no audio, {@code TIMEOUT} when the tools ran too
   * long, {@code SIZE_LIMIT} when the encoder kept overshooting, {@code UNKNOWN} with the tool's
   * last words otherwise. Nothing is left behind.
   */
  record Failed(ErrorType errorType, String message) implements FitResult {
    public Failed {
      Objects.requireNonNull(errorType, "errorType");
      Objects.requireNonNull(message, "message");
    }
  }
}
