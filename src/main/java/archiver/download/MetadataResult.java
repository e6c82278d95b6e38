package archiver.download;

/** The outcome of {@link Downloader#fetchMetadata}. */
public sealed interface MetadataResult {
  record Fetched(Metadata metadata) implements MetadataResult {}

  record Failed(DownloadFailure failure) implements MetadataResult {}
}
