package archiver.download.media;

import archiver.domain.ErrorType;
import java.util.Objects;

/** Whether a finished file may be sent to Telegram. */
public sealed interface ValidationResult {

  /**
   * @param faststart the file is an MP4 with its index ({@code moov}) before the media ({@code
   *     mdat}); false for MP3 and for MP4s a player must download entirely before playing
   */
  record Valid(MediaInfo info, boolean faststart) implements ValidationResult {
    public Valid {
      Objects.requireNonNull(info, "info");
    }
  }

  /** {@code SIZE_LIMIT} for a file that is too big, {@code TIMEOUT} or {@code UNKNOWN} else. */
  record Invalid(ErrorType errorType, String message) implements ValidationResult {
    public Invalid {
      Objects.requireNonNull(errorType, "errorType");
      Objects.requireNonNull(message, "message");
    }
  }
}
