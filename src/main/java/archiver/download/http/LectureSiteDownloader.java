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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Way2Allah/IslamWay-style lecture pages (TARIQ_ALLAH, docs/ARCHITECTURE.md, "Sources"). yt-dlp is
 * asked first, since it knows some of these sites and many embedded players; when it has no
 * extractor for the page ({@code UNSUPPORTED_SOURCE}) or its extractor broke ({@code
 * EXTRACTOR_ERROR}), the page is read with jsoup ({@link PageMedia}) and its audio or video file is
 * handled like a direct link, through the same guarded HTTP. A page without any media link fails
 * with {@code PARSER_ERROR}.
 */
public final class LectureSiteDownloader implements Downloader {

  /** Lecture pages are small; a bigger page is cut here (jsoup reads what it gets). */
  static final int MAX_PAGE_BYTES = 3 * 1024 * 1024;

  /** HEADs spent on a page's links before giving up: one file of each kind is all we need. */
  static final int MAX_PROBES = 6;

  private static final Logger log = LoggerFactory.getLogger(LectureSiteDownloader.class);

  private final Downloader ytDlp;
  private final GuardedHttp http;
  private final DirectHttpDownloader direct;

  /**
   * What the page offered: the first working audio and video files it links to.
   *
   * @param image the page's picture, for an audio cover
   */
  record PageSource(Optional<DirectFile> audio, Optional<DirectFile> video, Optional<String> image)
      implements Metadata.SourceData {}

  public LectureSiteDownloader(Downloader ytDlp, GuardedHttp http, Duration downloadTimeout) {
    this.ytDlp = Objects.requireNonNull(ytDlp, "ytDlp");
    this.http = Objects.requireNonNull(http, "http");
    this.direct = new DirectHttpDownloader(http, downloadTimeout);
  }

  @Override
  public String name() {
    return "lecture-page";
  }

  @Override
  public String version() {
    // Part of the bot: its own release (what `archiver --version` prints).
    return archiver.domain.BuildVersion.text();
  }

  @Override
  public MetadataResult fetchMetadata(URI url, DownloadContext context)
      throws InterruptedException {
    MetadataResult viaYtDlp = ytDlp.fetchMetadata(url, context);
    if (viaYtDlp instanceof MetadataResult.Failed failed && worthReadingThePage(failed.failure())) {
      log.info(
          "{} could not read the page ({}: {}); reading its HTML",
          ytDlp.name(),
          failed.failure().type(),
          failed.failure().message());
      return fromPage(url, context);
    }
    return viaYtDlp;
  }

  @Override
  public CapabilityResult check(Metadata metadata, Quality quality, long maxBytes) {
    if (!(metadata.sourceData() instanceof PageSource page)) {
      return ytDlp.check(metadata, quality, maxBytes);
    }
    Optional<DirectFile> file = fileFor(page, quality);
    if (file.isEmpty()) {
      return new CapabilityResult.Incapable(
          DownloadFailure.of(ErrorType.FORMAT_NOT_FOUND, "this link is audio only"));
    }
    return DirectHttpDownloader.checkFile(file.get(), quality, maxBytes);
  }

  @Override
  public DownloadResult download(URI url, DownloadOptions options, DownloadContext context)
      throws InterruptedException {
    if (!(options.metadata().sourceData() instanceof PageSource page)) {
      return ytDlp.download(url, options, context);
    }
    DirectFile file = (DirectFile) options.plan().planData();
    DownloadResult result = direct.downloadFile(file, options, context);
    if (result instanceof DownloadResult.Downloaded done
        && options.quality().jobType() == JobType.AUDIO) {
      Optional<Path> cover = Covers.fetch(http, page.image(), context.workDir());
      return new DownloadResult.Downloaded(done.file(), done.sizeBytes(), cover);
    }
    return result;
  }

  private static boolean worthReadingThePage(DownloadFailure failure) {
    return failure.type() == ErrorType.UNSUPPORTED_SOURCE
        || failure.type() == ErrorType.EXTRACTOR_ERROR;
  }

  /** A video job takes the video; an audio job the audio, else the video's sound. */
  private static Optional<DirectFile> fileFor(PageSource page, Quality quality) {
    if (quality.jobType() == JobType.VIDEO) {
      return page.video();
    }
    return page.audio().or(page::video);
  }

  private MetadataResult fromPage(URI url, DownloadContext context) throws InterruptedException {
    HttpResult<GuardedHttp.Body> fetched = http.getBytes(url, MAX_PAGE_BYTES);
    if (fetched instanceof HttpResult.Failed<GuardedHttp.Body> f) {
      return new MetadataResult.Failed(f.failure());
    }
    GuardedHttp.Body body = ((HttpResult.Ok<GuardedHttp.Body>) fetched).value();
    String type = MediaTypes.baseType(body.contentType().orElse(null));
    if (MediaTypes.kindOfType(type).isPresent()) {
      // The "page" is the media file itself (a site's download link): handle it as one.
      return direct.fetchMetadata(url, context);
    }
    if (!type.isEmpty() && !MediaTypes.isHtml(type)) {
      return parserError("the page is " + type + ", not HTML");
    }
    PageMedia media = PageMedia.extract(body.bytes(), body.charset(), body.uri());
    if (media.links().isEmpty()) {
      return parserError("the page has no audio or video link");
    }
    Probed probed = probe(media.links());
    if (probed.audio().isEmpty() && probed.video().isEmpty()) {
      return new MetadataResult.Failed(
          probed
              .firstFailure()
              .orElse(
                  DownloadFailure.of(
                      ErrorType.PARSER_ERROR,
                      "the page's media links lead to no audio or video file")));
    }
    DirectFile main = probed.audio().or(probed::video).orElseThrow();
    List<String> qualities = new ArrayList<>();
    if (probed.video().isPresent()) {
      qualities.add(Quality.BEST.code());
    }
    qualities.add(Quality.AUDIO_BEST.code());
    return new MetadataResult.Fetched(
        new Metadata(
            media.title().orElseGet(() -> RemoteNames.titleOf(main.fileName())),
            media.author(),
            OptionalDouble.empty(),
            media.image(),
            Optional.empty(),
            main.sizeBytes(),
            qualities,
            new PageSource(probed.audio(), probed.video(), media.image())));
  }

  private record Probed(
      Optional<DirectFile> audio,
      Optional<DirectFile> video,
      Optional<DownloadFailure> firstFailure) {}

  /**
   * HEADs the links in page order until one audio and one video file answer, skipping links whose
   * kind is already found; a link that turns out to be a web page or a playlist does not count.
   */
  private Probed probe(List<PageMedia.Link> links) throws InterruptedException {
    Optional<DirectFile> audio = Optional.empty();
    Optional<DirectFile> video = Optional.empty();
    Optional<DownloadFailure> firstFailure = Optional.empty();
    int probes = 0;
    for (PageMedia.Link link : links) {
      if (probes >= MAX_PROBES || (audio.isPresent() && video.isPresent())) {
        break;
      }
      Optional<Kind> hint = link.kind();
      if (hint.isPresent() && (hint.get() == Kind.AUDIO ? audio : video).isPresent()) {
        continue;
      }
      probes++;
      switch (direct.describe(link.uri())) {
        case HttpResult.Failed<DirectFile> f -> {
          log.info(
              "media link of the page failed: {} ({})", f.failure().message(), f.failure().type());
          firstFailure = firstFailure.or(() -> Optional.of(f.failure()));
        }
        case HttpResult.Ok<DirectFile> ok -> {
          Optional<Kind> kind = ok.value().kind();
          if (kind.isEmpty()) {
            continue;
          }
          if (kind.get() == Kind.AUDIO && audio.isEmpty()) {
            audio = Optional.of(ok.value());
          } else if (kind.get() == Kind.VIDEO && video.isEmpty()) {
            video = Optional.of(ok.value());
          }
        }
      }
    }
    return new Probed(audio, video, firstFailure);
  }

  private static MetadataResult parserError(String message) {
    return new MetadataResult.Failed(DownloadFailure.of(ErrorType.PARSER_ERROR, message));
  }
}
