package archiver.download;

import archiver.logging.JobContext;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * Where and as whom a downloader works: the job (for log lines), the job's own tmp folder, and the
 * cookie file of the chosen auth profile (its contents are never read into memory or logged).
 */
public record DownloadContext(JobContext job, Path workDir, Optional<Path> cookieFile) {
  public DownloadContext {
    Objects.requireNonNull(job, "job");
    Objects.requireNonNull(workDir, "workDir");
    cookieFile = cookieFile == null ? Optional.empty() : cookieFile;
  }

  public DownloadContext withCookies(String profileId, Optional<Path> cookies) {
    return new DownloadContext(job.withAuthProfile(profileId), workDir, cookies);
  }
}
