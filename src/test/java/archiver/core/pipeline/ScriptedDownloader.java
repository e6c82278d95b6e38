package archiver.core.pipeline;

import archiver.domain.DownloadProgress;
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
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * A downloader whose outcomes a test scripts: each attempt pops the next step; "download" copies a
 * prepared media file into the work folder, as a real downloader would leave its result.
 */
public final class ScriptedDownloader implements Downloader {

  /** What one attempt does. */
  public sealed interface Step {}

  /** Metadata fails with this error. */
  public record FailMetadata(ErrorType type, String message) implements Step {}

  /** Metadata succeeds, the download fails with this error. */
  public record FailDownload(ErrorType type, String message) implements Step {}

  /** Everything succeeds: the given file is the downloaded media. */
  public record Deliver(Path media, String title) implements Step {}

  private record Data(Step step) implements Metadata.SourceData {}

  private final Deque<Step> steps = new ArrayDeque<>();
  private final List<Optional<Path>> cookiesSeen = new ArrayList<>();
  private final List<String> profilesSeen = new ArrayList<>();
  private long capabilityLimit = Long.MAX_VALUE;
  private boolean sizesUnknown;

  public ScriptedDownloader then(Step step) {
    steps.add(step);
    return this;
  }

  /** The capability check passes without a size, as a server that does not say one. */
  public ScriptedDownloader withoutSizes() {
    this.sizesUnknown = true;
    return this;
  }

  /** Media above this size is refused by the capability check. */
  public ScriptedDownloader refusingAbove(long bytes) {
    this.capabilityLimit = bytes;
    return this;
  }

  public List<Optional<Path>> cookiesSeen() {
    return cookiesSeen;
  }

  public List<String> profilesSeen() {
    return profilesSeen;
  }

  @Override
  public String name() {
    return "scripted";
  }

  @Override
  public String version() {
    return "1";
  }

  @Override
  public MetadataResult fetchMetadata(URI url, DownloadContext context) {
    cookiesSeen.add(context.cookieFile());
    profilesSeen.add(String.valueOf(context.job().authProfileId()));
    Step step =
        steps.isEmpty() ? new FailMetadata(ErrorType.UNKNOWN, "script ran out") : steps.pop();
    if (step instanceof FailMetadata f) {
      return new MetadataResult.Failed(DownloadFailure.of(f.type(), f.message()));
    }
    String title = step instanceof Deliver d ? d.title() : "scripted";
    return new MetadataResult.Fetched(
        new Metadata(
            title,
            Optional.of("Scripted Artist"),
            OptionalDouble.of(2.0),
            Optional.of("https://img.example.org/cover.jpg"),
            Optional.of("id123"),
            OptionalLong.empty(),
            List.of("720p"),
            new Data(step)));
  }

  @Override
  public CapabilityResult check(Metadata metadata, Quality quality, long maxBytes) {
    Step step = ((Data) metadata.sourceData()).step();
    if (sizesUnknown) {
      return new CapabilityResult.Capable("scripted", OptionalLong.empty(), false, step);
    }
    long size = step instanceof Deliver d ? sizeOf(d.media()) : 1;
    if (size > Math.min(maxBytes, capabilityLimit)) {
      return new CapabilityResult.Incapable(
          DownloadFailure.of(ErrorType.SIZE_LIMIT, size + " bytes > " + maxBytes));
    }
    return new CapabilityResult.Capable("scripted", OptionalLong.of(size), false, step);
  }

  @Override
  public DownloadResult download(URI url, DownloadOptions options, DownloadContext context) {
    Step step = (Step) options.plan().planData();
    if (step instanceof FailDownload f) {
      return new DownloadResult.Failed(DownloadFailure.of(f.type(), f.message()));
    }
    Deliver d = (Deliver) step;
    try {
      Files.createDirectories(context.workDir());
      Path target = context.workDir().resolve("download" + extension(d.media()));
      Files.copy(d.media(), target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
      long size = Files.size(target);
      options
          .progress()
          .onProgress(
              new DownloadProgress(
                  size / 2, OptionalLong.of(size), OptionalDouble.empty(), OptionalLong.empty()));
      options
          .progress()
          .onProgress(
              new DownloadProgress(
                  size, OptionalLong.of(size), OptionalDouble.empty(), OptionalLong.of(0)));
      return new DownloadResult.Downloaded(target, size, Optional.empty());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long sizeOf(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String extension(Path p) {
    String name = p.getFileName().toString();
    int dot = name.lastIndexOf('.');
    return dot < 0 ? "" : name.substring(dot);
  }
}
