package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.CapabilityResult;
import archiver.download.DownloadContext;
import archiver.download.DownloadFailure;
import archiver.download.DownloadOptions;
import archiver.download.DownloadResult;
import archiver.download.Downloader;
import archiver.download.Metadata;
import archiver.download.MetadataResult;
import archiver.download.http.MediaTypes.Kind;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;

/**
 * GENERIC direct media links (docs/ARCHITECTURE.md, "Sources"): HEAD for size and type, a
 * capability check that refuses web pages, playlists and files over the limit before any media byte
 * moves, then one streaming GET into {@code media.<ext>} in the job's folder.
 */
public final class DirectHttpDownloader implements Downloader {

  private final GuardedHttp http;
  private final Duration downloadTimeout;

  public DirectHttpDownloader(GuardedHttp http, Duration downloadTimeout) {
    this.http = Objects.requireNonNull(http, "http");
    this.downloadTimeout = Objects.requireNonNull(downloadTimeout, "downloadTimeout");
  }

  @Override
  public String name() {
    return "http";
  }

  @Override
  public String version() {
    // Part of the bot: its own release (what `archiver --version` prints).
    return archiver.domain.BuildVersion.text();
  }

  @Override
  public MetadataResult fetchMetadata(URI url, DownloadContext context)
      throws InterruptedException {
    return switch (describe(url)) {
      case HttpResult.Failed<DirectFile> f -> new MetadataResult.Failed(f.failure());
      case HttpResult.Ok<DirectFile> ok ->
          new MetadataResult.Fetched(metadataOf(ok.value(), Optional.empty()));
    };
  }

  @Override
  public CapabilityResult check(Metadata metadata, Quality quality, long maxBytes) {
    return checkFile((DirectFile) metadata.sourceData(), quality, maxBytes);
  }

  @Override
  public DownloadResult download(URI url, DownloadOptions options, DownloadContext context)
      throws InterruptedException {
    return downloadFile((DirectFile) options.plan().planData(), options, context);
  }

  /** HEAD (or a first-byte GET) of one file. */
  HttpResult<DirectFile> describe(URI url) throws InterruptedException {
    return switch (http.probe(url)) {
      case HttpResult.Failed<GuardedHttp.ResponseInfo> f -> new HttpResult.Failed<>(f.failure());
      case HttpResult.Ok<GuardedHttp.ResponseInfo> ok ->
          new HttpResult.Ok<>(DirectFile.of(url, ok.value()));
    };
  }

  /** Metadata of a single file; the title from the file name unless the caller knows better. */
  static Metadata metadataOf(DirectFile file, Optional<String> title) {
    Optional<Kind> kind = file.kind();
    List<String> qualities = List.of();
    if (kind.isPresent()) {
      qualities =
          kind.get() == Kind.VIDEO
              ? List.of(Quality.BEST.code(), Quality.AUDIO_BEST.code())
              : List.of(Quality.AUDIO_BEST.code());
    }
    return new Metadata(
        title.orElseGet(() -> RemoteNames.titleOf(file.fileName())),
        Optional.empty(),
        OptionalDouble.empty(),
        Optional.empty(),
        Optional.empty(),
        file.sizeBytes(),
        qualities,
        file);
  }

  /**
   * Whether this file can serve the job: a web page, a playlist or anything that is not audio or
   * video is refused, an audio file cannot make a video, and a known size over the limit is refused
   * here, before the download.
   */
  static CapabilityResult checkFile(DirectFile file, Quality quality, long maxBytes) {
    String type = file.contentType();
    if (MediaTypes.isHtml(type)) {
      return refuse(
          ErrorType.UNSUPPORTED_SOURCE, "the link is a web page, not an audio or video file");
    }
    if (MediaTypes.isPlaylist(type)) {
      return refuse(
          ErrorType.UNSUPPORTED_SOURCE,
          "the link is a streaming playlist (" + type + "), not a file");
    }
    Optional<Kind> kind = file.kind();
    if (kind.isEmpty()) {
      String what =
          type.isEmpty() || MediaTypes.isGenericBinary(type)
              ? "a file of unknown type (" + (type.isEmpty() ? "no Content-Type" : type) + ")"
              : type;
      return refuse(
          ErrorType.UNSUPPORTED_SOURCE, "the link is " + what + ", not an audio or video file");
    }
    if (quality.jobType() == JobType.VIDEO && kind.get() == Kind.AUDIO) {
      return refuse(ErrorType.FORMAT_NOT_FOUND, "this link is audio only");
    }
    if (file.sizeBytes().isPresent() && file.sizeBytes().getAsLong() > maxBytes) {
      return refuse(
          ErrorType.SIZE_LIMIT,
          "the file is "
              + Sizes.megabytes(file.sizeBytes().getAsLong())
              + ", over the limit of "
              + Sizes.megabytes(maxBytes));
    }
    Kind wanted = quality.jobType() == JobType.VIDEO ? Kind.VIDEO : Kind.AUDIO;
    String description =
        "direct file "
            + file.fileName()
            + " ("
            + (type.isEmpty() ? "no type" : type)
            + Sizes.sizeNote(file.sizeBytes())
            + ")";
    return new CapabilityResult.Capable(
        description, file.sizeBytes(), MediaTypes.needsTranscode(wanted, file.extension()), file);
  }

  /**
   * Streams the file into {@code media.<ext>}. A server that answers the GET with a web page (a
   * login wall, an expired link) is refused before anything is written.
   */
  DownloadResult downloadFile(DirectFile file, DownloadOptions options, DownloadContext context)
      throws InterruptedException {
    String extension = file.extension().isEmpty() ? "bin" : file.extension();
    Path target = context.workDir().resolve("media." + extension);
    HttpResult<GuardedHttp.Saved> saved =
        http.download(
            file.uri(),
            target,
            options.maxBytes(),
            options.progress(),
            downloadTimeout,
            type -> !MediaTypes.isHtml(type) && !MediaTypes.isPlaylist(type));
    return switch (saved) {
      case HttpResult.Failed<GuardedHttp.Saved> f -> new DownloadResult.Failed(f.failure());
      case HttpResult.Ok<GuardedHttp.Saved> ok ->
          new DownloadResult.Downloaded(
              ok.value().file(), ok.value().sizeBytes(), Optional.empty());
    };
  }

  private static CapabilityResult refuse(ErrorType type, String message) {
    return new CapabilityResult.Incapable(DownloadFailure.of(type, message));
  }
}
