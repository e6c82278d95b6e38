package archiver.download.media;

import archiver.domain.ErrorType;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link PostProcessor#process}. */
public sealed interface PostProcessResult {

  /**
   * @param media the file to send
   * @param thumbnail a JPEG within Telegram's thumbnail limits, when one could be made
   * @param info ffprobe's view of {@code media}
   * @param reencoded true when any stream was encoded anew; false when every stream was copied
   */
  record Processed(Path media, Optional<Path> thumbnail, MediaInfo info, boolean reencoded)
      implements PostProcessResult {
    public Processed {
      Objects.requireNonNull(media, "media");
      Objects.requireNonNull(thumbnail, "thumbnail");
      Objects.requireNonNull(info, "info");
    }
  }

  /**
   * {@code TIMEOUT} when the tools ran too long, {@code FORMAT_NOT_FOUND} when the input lacks the
   * stream the job needs, {@code UNKNOWN} with the tool's last words otherwise.
   */
  record Failed(ErrorType errorType, String message) implements PostProcessResult {
    public Failed {
      Objects.requireNonNull(errorType, "errorType");
      Objects.requireNonNull(message, "message");
    }
  }
}
