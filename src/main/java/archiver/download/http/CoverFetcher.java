package archiver.download.http;

import java.nio.file.Path;
import java.util.Optional;

/**
 * Fetches a media's picture (e.g. yt-dlp's {@code thumbnail} URL) for use as the audio cover,
 * through the guarded client: capped at 2 MB, images only, never failing the job.
 */
public final class CoverFetcher {
  private final GuardedHttp http;

  public CoverFetcher(GuardedHttp http) {
    this.http = http;
  }

  public Optional<Path> fetch(Optional<String> url, Path workDir) throws InterruptedException {
    return Covers.fetch(http, url, workDir);
  }
}
