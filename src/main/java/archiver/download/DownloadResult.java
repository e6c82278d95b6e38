package archiver.download;

import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/** The outcome of {@link Downloader#download}. */
public sealed interface DownloadResult {
  /**
   * @param file the media file, inside the job's work folder
   * @param thumbnail the site's picture for the media, when the downloader fetched one (used as the
   *     video thumbnail and the audio cover)
   */
  record Downloaded(Path file, long sizeBytes, Optional<Path> thumbnail) implements DownloadResult {
    public Downloaded {
      Objects.requireNonNull(file, "file");
      thumbnail = thumbnail == null ? Optional.empty() : thumbnail;
    }
  }

  record Failed(DownloadFailure failure) implements DownloadResult {}
}
