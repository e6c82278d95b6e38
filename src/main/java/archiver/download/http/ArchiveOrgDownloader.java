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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * Archive.org items (docs/ARCHITECTURE.md, "Sources"): the metadata API lists the item's files,
 * {@link ArchiveChooser} picks one for the job, a HEAD of its download URL confirms size and type,
 * and a streaming GET fetches it. Links may name the item ({@code /details/<id>}) or one file
 * ({@code /details/<id>/<file>}, {@code /download/<id>/<file>}).
 */
public final class ArchiveOrgDownloader implements Downloader {

  /** Where Archive.org lives; tests point the downloader at a local server instead. */
  public static final URI DEFAULT_BASE_URL = URI.create("https://archive.org");

  private static final String THUMBNAIL = "__ia_thumb.jpg";

  private final GuardedHttp http;
  private final String baseUrl;
  private final DirectHttpDownloader direct;
  private final ArchiveMetadataApi api;

  public ArchiveOrgDownloader(GuardedHttp http, URI baseUrl, Duration downloadTimeout) {
    this.http = Objects.requireNonNull(http, "http");
    String base = Objects.requireNonNull(baseUrl, "baseUrl").toString();
    this.baseUrl = base.endsWith("/") ? base.substring(0, base.length() - 1) : base;
    this.direct = new DirectHttpDownloader(http, downloadTimeout);
    this.api = new ArchiveMetadataApi(http, this.baseUrl);
  }

  @Override
  public String name() {
    return "archive.org";
  }

  @Override
  public String version() {
    // Part of the bot: its own release (what `archiver --version` prints).
    return archiver.domain.BuildVersion.text();
  }

  /** The identifier and the named file of an Archive.org link. */
  record Link(String identifier, Optional<String> file) {

    /** {@code /details/<id>[/<file>]}, {@code /download/<id>[/<file>]}, {@code /embed/<id>}. */
    static Optional<Link> of(URI url) {
      String path = url.getRawPath();
      if (path == null) {
        return Optional.empty();
      }
      List<String> segments = new ArrayList<>();
      for (String s : path.split("/")) {
        if (!s.isEmpty()) {
          segments.add(RemoteNames.percentDecode(s));
        }
      }
      if (segments.size() < 2
          || !List.of("details", "download", "embed").contains(segments.get(0))) {
        return Optional.empty();
      }
      String id = segments.get(1);
      if (!id.matches("[A-Za-z0-9._-]{1,100}")) {
        return Optional.empty();
      }
      List<String> rest = segments.subList(2, segments.size());
      if (rest.isEmpty() || segments.get(0).equals("embed")) {
        return Optional.of(new Link(id, Optional.empty()));
      }
      return Optional.of(new Link(id, Optional.of(String.join("/", rest))));
    }
  }

  @Override
  public MetadataResult fetchMetadata(URI url, DownloadContext context)
      throws InterruptedException {
    Optional<Link> link = Link.of(url);
    if (link.isEmpty()) {
      return failed(ErrorType.UNSUPPORTED_SOURCE, "not a link to an Archive.org item");
    }
    HttpResult<ArchiveItem> item = api.item(link.get().identifier());
    if (item instanceof HttpResult.Failed<ArchiveItem> f) {
      return new MetadataResult.Failed(f.failure());
    }
    return new MetadataResult.Fetched(
        metadataOf(((HttpResult.Ok<ArchiveItem>) item).value(), link.get().file()));
  }

  @Override
  public CapabilityResult check(Metadata metadata, Quality quality, long maxBytes) {
    ArchiveItem.Source source = (ArchiveItem.Source) metadata.sourceData();
    return switch (ArchiveChooser.choose(source.item(), source.namedFile(), quality, maxBytes)) {
      case ArchiveChooser.Refused r -> new CapabilityResult.Incapable(r.failure());
      case ArchiveChooser.Chosen c -> {
        ArchiveFile f = c.file();
        String description =
            "Archive.org "
                + f.name()
                + " ("
                + (f.format().isEmpty() ? f.extension() : f.format())
                + Sizes.sizeNote(f.sizeBytes())
                + (c.groupCount() > 1 ? ", 1st of " + c.groupCount() + " uploads" : "")
                + ")";
        Kind wanted = quality.jobType() == JobType.VIDEO ? Kind.VIDEO : Kind.AUDIO;
        yield new CapabilityResult.Capable(
            description, f.sizeBytes(), MediaTypes.needsTranscode(wanted, f.extension()), f);
      }
    };
  }

  /**
   * HEADs the chosen file first: the size and type the server gives now beat the listing (a file
   * may have been replaced since), and a file over the limit is refused without a GET.
   */
  @Override
  public DownloadResult download(URI url, DownloadOptions options, DownloadContext context)
      throws InterruptedException {
    ArchiveItem item = ((ArchiveItem.Source) options.metadata().sourceData()).item();
    ArchiveFile chosen = (ArchiveFile) options.plan().planData();
    URI fileUrl = fileUrl(item.identifier(), chosen.name());
    HttpResult<GuardedHttp.ResponseInfo> head = http.probe(fileUrl);
    if (head instanceof HttpResult.Failed<GuardedHttp.ResponseInfo> f) {
      return new DownloadResult.Failed(f.failure());
    }
    GuardedHttp.ResponseInfo info = ((HttpResult.Ok<GuardedHttp.ResponseInfo>) head).value();
    DirectFile probed = DirectFile.of(fileUrl, info);
    // The name in the item is the truth about the extension; Archive.org serves some files as
    // application/octet-stream.
    DirectFile file =
        new DirectFile(
            fileUrl,
            info.sizeBytes().isPresent() ? info.sizeBytes() : chosen.sizeBytes(),
            probed.contentType(),
            chosen.baseName(),
            chosen.extension().isEmpty() ? probed.extension() : chosen.extension());
    CapabilityResult fits =
        DirectHttpDownloader.checkFile(file, options.quality(), options.maxBytes());
    if (fits instanceof CapabilityResult.Incapable incapable) {
      return new DownloadResult.Failed(incapable.failure());
    }
    DownloadResult result = direct.downloadFile(file, options, context);
    if (result instanceof DownloadResult.Downloaded done
        && options.quality().jobType() == JobType.AUDIO) {
      Optional<Path> cover =
          Covers.fetch(http, options.metadata().thumbnailUrl(), context.workDir());
      return new DownloadResult.Downloaded(done.file(), done.sizeBytes(), cover);
    }
    return result;
  }

  private Metadata metadataOf(ArchiveItem item, Optional<String> namedFile) {
    Optional<ArchiveFile> named = namedFile.flatMap(item::file);
    String title =
        named
            .flatMap(ArchiveFile::title)
            .or(() -> named.map(f -> RemoteNames.titleOf(f.baseName())))
            .or(item::title)
            .orElse(item.identifier());
    Optional<String> thumbnail =
        item.file(THUMBNAIL).map(f -> fileUrl(item.identifier(), f.name()).toString());
    return new Metadata(
        title,
        item.creator(),
        duration(item, named),
        thumbnail,
        Optional.of(item.identifier()),
        named.map(ArchiveFile::sizeBytes).orElse(OptionalLong.empty()),
        qualities(item, named),
        new ArchiveItem.Source(item, namedFile));
  }

  /** The named file's length, else the first upload's (derivatives repeat it). */
  private static OptionalDouble duration(ArchiveItem item, Optional<ArchiveFile> named) {
    if (named.isPresent()) {
      return named.get().lengthSeconds();
    }
    TreeMap<String, OptionalDouble> byGroup = new TreeMap<>(NaturalOrder.INSTANCE);
    for (ArchiveFile f : item.files()) {
      if (f.kind().isPresent() && f.lengthSeconds().isPresent()) {
        byGroup.putIfAbsent(f.group(), f.lengthSeconds());
      }
    }
    return byGroup.isEmpty() ? OptionalDouble.empty() : byGroup.firstEntry().getValue();
  }

  private static List<String> qualities(ArchiveItem item, Optional<ArchiveFile> named) {
    List<ArchiveFile> files = named.map(List::of).orElse(item.files());
    boolean video = false;
    boolean audio = false;
    for (ArchiveFile f : files) {
      Optional<Kind> kind = f.kind();
      video |= kind.isPresent() && kind.get() == Kind.VIDEO;
      audio |= kind.isPresent();
    }
    List<String> result = new ArrayList<>();
    if (video) {
      result.add(Quality.BEST.code());
    }
    if (audio) {
      result.add(Quality.AUDIO_BEST.code());
      result.add(Quality.AUDIO_128.code());
      result.add(Quality.AUDIO_64.code());
    }
    return result;
  }

  /** {@code <base>/download/<id>/<name>}, each path element of the name encoded. */
  URI fileUrl(String identifier, String name) {
    StringBuilder url =
        new StringBuilder(baseUrl)
            .append("/download/")
            .append(RemoteNames.encodePathSegment(identifier));
    for (String segment : name.split("/")) {
      url.append('/').append(RemoteNames.encodePathSegment(segment));
    }
    return URI.create(url.toString());
  }

  private static MetadataResult failed(ErrorType type, String message) {
    return new MetadataResult.Failed(DownloadFailure.of(type, message));
  }
}
