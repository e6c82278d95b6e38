package archiver.download;

import java.util.OptionalLong;

/** The outcome of {@link Downloader#check}: a plan, or why nothing fits. */
public sealed interface CapabilityResult {

  /**
   * @param description for events and logs, e.g. "137+140 (avc1 720p + mp4a 129k)"
   * @param estimatedBytes the expected size, when it can be estimated
   * @param needsTranscode whether the chosen media is known to need re-encoding
   * @param planData the downloader's own plan, handed back to {@link Downloader#download}
   */
  record Capable(
      String description, OptionalLong estimatedBytes, boolean needsTranscode, Object planData)
      implements CapabilityResult {}

  record Incapable(DownloadFailure failure) implements CapabilityResult {}
}
