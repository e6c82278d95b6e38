package archiver.download.ytdlp;

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
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * YouTube, Facebook and any site yt-dlp knows: {@code -J} for metadata, {@link FormatSelector} for
 * the capability check, {@code --load-info-json} to download exactly the formats inspected.
 * yt-dlp's failures are classified here, at the edge, with {@link
 * archiver.download.ErrorClassifier}.
 */
public final class YtDlpDownloader implements Downloader {

  private final YtDlpRunner runner;
  private final FormatSelector selector;
  private final java.util.function.Supplier<String> version;
  private final Duration metadataTimeout;
  private final Duration downloadTimeout;

  /** The info of one link, carried from metadata to download. */
  record Source(YtDlpInfo info) implements Metadata.SourceData {}

  public YtDlpDownloader(
      YtDlpRunner runner,
      FormatSelector selector,
      java.util.function.Supplier<String> version,
      Duration metadataTimeout,
      Duration downloadTimeout) {
    this.runner = runner;
    this.selector = selector;
    // Asking yt-dlp its version starts Python (about half a second): do it once, when needed.
    this.version = memoize(version);
    this.metadataTimeout = metadataTimeout;
    this.downloadTimeout = downloadTimeout;
  }

  @Override
  public String name() {
    return "yt-dlp";
  }

  @Override
  public String version() {
    return version.get();
  }

  private static java.util.function.Supplier<String> memoize(
      java.util.function.Supplier<String> s) {
    return new java.util.function.Supplier<>() {
      private volatile String value;

      @Override
      public String get() {
        String v = value;
        if (v == null) {
          v = s.get();
          value = v == null ? "" : v;
        }
        return value;
      }
    };
  }

  @Override
  public MetadataResult fetchMetadata(URI url, DownloadContext context)
      throws InterruptedException {
    return switch (runner.fetchInfo(url.toString(), context.cookieFile(), metadataTimeout)) {
      case YtDlpRunner.InfoFetched fetched ->
          new MetadataResult.Fetched(metadataOf(fetched.info()));
      case YtDlpRunner.InfoFailed failed ->
          new MetadataResult.Failed(
              failure(failed.timedOut(), failed.stderrTail(), "reading the link", metadataTimeout));
    };
  }

  @Override
  public CapabilityResult check(Metadata metadata, Quality quality, long maxBytes) {
    YtDlpInfo info = ((Source) metadata.sourceData()).info();
    return switch (selector.choose(info, quality, maxBytes)) {
      case FormatSelector.Chosen chosen ->
          new CapabilityResult.Capable(
              describe(chosen),
              chosen.estimatedBytes(),
              chosen.needsTranscode(),
              chosen,
              chosen
                  .smaller()
                  .map(
                      s ->
                          new CapabilityResult.SmallerThanAsked(
                              s.wanted(), s.wantedBytes(), s.chosen())));
      case FormatSelector.Rejected rejected ->
          new CapabilityResult.Incapable(
              DownloadFailure.of(rejected.errorType(), rejected.message()));
    };
  }

  @Override
  public DownloadResult download(URI url, DownloadOptions options, DownloadContext context)
      throws InterruptedException {
    YtDlpInfo info = ((Source) options.metadata().sourceData()).info();
    FormatSelector.Chosen chosen = (FormatSelector.Chosen) options.plan().planData();
    YtDlpRunner.DownloadOutcome outcome =
        runner.download(
            info,
            chosen.formatSpec(),
            context.workDir(),
            options.maxBytes(),
            context.cookieFile(),
            downloadTimeout,
            options.progress());
    return switch (outcome) {
      case YtDlpRunner.Downloaded downloaded -> {
        long size;
        try {
          size = Files.size(downloaded.file());
        } catch (IOException e) {
          yield new DownloadResult.Failed(
              DownloadFailure.of(
                  ErrorType.UNKNOWN, "downloaded file unreadable: " + e.getMessage()));
        }
        yield new DownloadResult.Downloaded(downloaded.file(), size, Optional.empty());
      }
      case YtDlpRunner.NoFileProduced none ->
          new DownloadResult.Failed(
              none.maxFilesizeExceeded()
                  ? new DownloadFailure(
                      ErrorType.SIZE_LIMIT,
                      "the file is larger than the limit of " + options.maxBytes() + " bytes",
                      Optional.empty(),
                      Optional.empty(),
                      none.stderrTail())
                  : new DownloadFailure(
                      ErrorType.UNKNOWN,
                      "yt-dlp finished without producing a file",
                      Optional.empty(),
                      Optional.empty(),
                      none.stderrTail()));
      case YtDlpRunner.Failed failed ->
          new DownloadResult.Failed(
              failure(failed.timedOut(), failed.stderrTail(), "downloading", downloadTimeout));
    };
  }

  private static DownloadFailure failure(
      boolean timedOut, String tail, String doing, Duration timeout) {
    if (timedOut) {
      return new DownloadFailure(
          ErrorType.TIMEOUT,
          doing + " took longer than " + timeout.toSeconds() + " s",
          Optional.empty(),
          Optional.empty(),
          tail);
    }
    return DownloadFailure.classified(lastErrorLine(tail), tail);
  }

  /** yt-dlp's own verdict is its last "ERROR:" line; without one, the last line at all. */
  static String lastErrorLine(String tail) {
    String last = "";
    String lastError = null;
    for (String line : tail.lines().toList()) {
      String t = line.strip();
      if (t.isEmpty()) {
        continue;
      }
      last = t;
      if (t.startsWith("ERROR:")) {
        lastError = t;
      }
    }
    return lastError != null ? lastError : last;
  }

  private static Metadata metadataOf(YtDlpInfo info) {
    return new Metadata(
        info.title(),
        info.performer(),
        info.durationSeconds(),
        info.thumbnail(),
        Optional.of(info.id()),
        OptionalLong.empty(),
        availableQualities(info),
        new Source(info));
  }

  /** The qualities worth offering: each video height present, then the audio choices. */
  private static List<String> availableQualities(YtDlpInfo info) {
    List<String> result = new ArrayList<>();
    boolean anyVideo = false;
    boolean anyAudio = false;
    for (YtDlpFormat f : info.formats()) {
      anyVideo |= f.isVideoOnly() || f.isCombined();
      anyAudio |= f.isAudioOnly() || f.isCombined();
    }
    for (Quality q : Quality.values()) {
      if (q.jobType() == JobType.VIDEO
          && anyVideo
          && q != Quality.BEST
          && hasHeightAtLeast(info, q)) {
        result.add(q.code());
      }
    }
    if (anyVideo) {
      result.add(0, Quality.BEST.code());
    }
    if (anyAudio) {
      result.add(Quality.AUDIO_BEST.code());
      result.add(Quality.AUDIO_128.code());
      result.add(Quality.AUDIO_64.code());
    }
    return result;
  }

  private static boolean hasHeightAtLeast(YtDlpInfo info, Quality q) {
    for (YtDlpFormat f : info.formats()) {
      if (f.resolution().isPresent() && f.resolution().getAsInt() >= q.limit()) {
        return true;
      }
    }
    return false;
  }

  private static String summary(YtDlpFormat f) {
    StringBuilder sb = new StringBuilder(f.ext());
    f.vcodec().ifPresent(v -> sb.append(' ').append(v));
    f.resolution().ifPresent(r -> sb.append(' ').append(r).append('p'));
    f.acodec().ifPresent(a -> sb.append(' ').append(a));
    return sb.toString();
  }

  private static String describe(FormatSelector.Chosen chosen) {
    StringBuilder sb = new StringBuilder(chosen.formatSpec());
    List<String> parts = new ArrayList<>();
    chosen.video().ifPresent(v -> parts.add(summary(v)));
    chosen
        .audio()
        .filter(a -> chosen.video().isEmpty() || a != chosen.video().get())
        .ifPresent(a -> parts.add(summary(a)));
    if (!parts.isEmpty()) {
      sb.append(" (").append(String.join(" + ", parts)).append(')');
    }
    return sb.toString();
  }
}
