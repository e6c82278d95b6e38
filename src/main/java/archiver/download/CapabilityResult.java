package archiver.download;

import java.util.OptionalLong;

/** The outcome of {@link Downloader#check}: a plan, or why nothing fits. */
public sealed interface CapabilityResult {

  /**
   * @param description for events and logs, e.g. "137+140 (avc1 720p + mp4a 129k)"
   * @param estimatedBytes the expected size, when it can be estimated
   * @param needsTranscode whether the chosen media is known to need re-encoding
   * @param planData the downloader's own plan, handed back to {@link Downloader#download}
   * @param smaller set when the plan is a lower quality than asked, because of the size limit
   */
  record Capable(
      String description,
      OptionalLong estimatedBytes,
      boolean needsTranscode,
      Object planData,
      java.util.Optional<SmallerThanAsked> smaller)
      implements CapabilityResult {

    public Capable(
        String description, OptionalLong estimatedBytes, boolean needsTranscode, Object planData) {
      this(description, estimatedBytes, needsTranscode, planData, java.util.Optional.empty());
    }
  }

  /**
   * The size limit made the plan smaller than asked: {@code wanted} (e.g. "720p") would be about
   * {@code wantedBytes}, over the limit; {@code chosen} (e.g. "360p") is sent instead.
   */
  record SmallerThanAsked(String wanted, long wantedBytes, String chosen) {}

  record Incapable(DownloadFailure failure) implements CapabilityResult {}
}
