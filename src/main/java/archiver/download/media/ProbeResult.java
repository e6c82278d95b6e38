package archiver.download.media;

import archiver.domain.ErrorType;
import java.util.Objects;

/** What {@link Ffprobe#probe} found: the file's facts, or why they could not be read. */
public sealed interface ProbeResult {

  record Probed(MediaInfo info) implements ProbeResult {
    public Probed {
      Objects.requireNonNull(info, "info");
    }
  }

  /** {@code TIMEOUT} when ffprobe ran too long, else {@code UNKNOWN} with ffprobe's own words. */
  record Failed(ErrorType errorType, String message) implements ProbeResult {
    public Failed {
      Objects.requireNonNull(errorType, "errorType");
      Objects.requireNonNull(message, "message");
    }
  }
}
