package archiver.download;

import archiver.domain.Quality;
import java.net.URI;

/**
 * One source's way of reading a link and fetching its media (docs/ARCHITECTURE.md, "Sources").
 * Failures are returned as values with an {@link archiver.domain.ErrorType}, never thrown; only
 * interruption (a cancelled or timed-out job) is thrown, after the downloader has stopped its
 * processes and removed partial files.
 */
public interface Downloader {

  /** For the {@code downloader_name} log field, e.g. "yt-dlp" or "http". */
  String name();

  /** For the {@code downloader_version} log field; empty when not known. */
  String version();

  /** Reads title, duration and the available formats, without downloading the media. */
  MetadataResult fetchMetadata(URI url, DownloadContext context) throws InterruptedException;

  /**
   * Decides what to download for the quality within the size limit, before any media byte is
   * fetched: {@code FORMAT_NOT_FOUND} or {@code SIZE_LIMIT} when nothing fits.
   */
  CapabilityResult check(Metadata metadata, Quality quality, long maxBytes);

  /** Downloads the planned media into {@code context.workDir()}. */
  DownloadResult download(URI url, DownloadOptions options, DownloadContext context)
      throws InterruptedException;
}
