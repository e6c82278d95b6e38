package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.domain.Quality;
import archiver.download.CapabilityResult;
import archiver.download.DownloadContext;
import archiver.download.DownloadFailure;
import archiver.download.DownloadOptions;
import archiver.download.DownloadResult;
import archiver.download.Downloader;
import archiver.download.Metadata;
import archiver.download.MetadataResult;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.concurrent.CopyOnWriteArrayList;

/** Stands in for yt-dlp in front of the lecture-page reader: a scripted answer, calls recorded. */
final class FakeDelegate implements Downloader {

  private record Data() implements Metadata.SourceData {}

  private final MetadataResult answer;
  private final List<String> calls = new CopyOnWriteArrayList<>();

  private FakeDelegate(MetadataResult answer) {
    this.answer = answer;
  }

  static FakeDelegate failing(ErrorType type, String message) {
    return new FakeDelegate(new MetadataResult.Failed(DownloadFailure.of(type, message)));
  }

  static FakeDelegate knowing(String title) {
    return new FakeDelegate(
        new MetadataResult.Fetched(
            new Metadata(
                title,
                Optional.empty(),
                OptionalDouble.of(60),
                Optional.empty(),
                Optional.of("42"),
                OptionalLong.empty(),
                List.of("best"),
                new Data())));
  }

  List<String> calls() {
    return List.copyOf(calls);
  }

  @Override
  public String name() {
    return "fake-yt-dlp";
  }

  @Override
  public String version() {
    return "0";
  }

  @Override
  public MetadataResult fetchMetadata(URI url, DownloadContext context) {
    calls.add("metadata " + url);
    return answer;
  }

  @Override
  public CapabilityResult check(Metadata metadata, Quality quality, long maxBytes) {
    calls.add("check " + quality.code());
    return new CapabilityResult.Capable("fake plan", OptionalLong.empty(), false, "plan");
  }

  @Override
  public DownloadResult download(URI url, DownloadOptions options, DownloadContext context) {
    calls.add("download " + options.plan().planData());
    return new DownloadResult.Failed(
        DownloadFailure.of(ErrorType.UNKNOWN, "the fake downloads nothing"));
  }
}
