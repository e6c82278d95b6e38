package archiver.domain;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * How far a download is, over all its parts (a video+audio download is two files).
 *
 * @param downloadedBytes bytes received so far, never decreasing within one download
 * @param totalBytes the expected size, never decreasing within one download; empty when unknown
 * @param speedBytesPerSecond the current speed, empty when yt-dlp does not know it yet
 * @param etaSeconds the time left, empty when unknown
 */
public record DownloadProgress(
    long downloadedBytes,
    OptionalLong totalBytes,
    OptionalDouble speedBytesPerSecond,
    OptionalLong etaSeconds) {

  /** 0-100, when the total is known. */
  public OptionalInt percent() {
    if (totalBytes.isEmpty() || totalBytes.getAsLong() <= 0) {
      return OptionalInt.empty();
    }
    long p = downloadedBytes * 100 / totalBytes.getAsLong();
    return OptionalInt.of((int) Math.max(0, Math.min(100, p)));
  }
}
