package archiver.download;

import archiver.domain.DownloadProgress;

/**
 * Receives download progress. Called on the thread that reads yt-dlp's output: it must return
 * quickly (hand the value to whoever updates the Telegram message, do not send it from here).
 */
@FunctionalInterface
public interface ProgressListener {

  void onProgress(DownloadProgress progress);

  /** A listener that ignores everything. */
  static ProgressListener none() {
    return progress -> {};
  }
}
