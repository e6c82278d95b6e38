package archiver.cli;

import archiver.config.AppConfig;
import archiver.core.pipeline.PipelineEvent;
import archiver.core.pipeline.PipelineListener;
import archiver.domain.DownloadProgress;
import archiver.domain.EventType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.intake.IntakeResult;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code archiver fetch URL}: the whole pipeline without Telegram — an operator's way to try a
 * link. Stages and a progress bar go to stderr; the result's facts to stdout.
 */
@Command(
    name = "fetch",
    mixinStandardHelpOptions = true,
    description = {
      "Run the download pipeline for one link without Telegram: metadata, checks, download,"
          + " conversion, validation. Prints the file and its facts.",
      "A playlist (or, with --playlist, a feed): every item in turn, saved as '01 - Title.ext' in"
          + " a folder named after it, then a summary.",
      "Exit code 0 on success, 1 with the error type on failure (of any item of a playlist), 2"
          + " for a usage or config error."
    })
final class FetchCommand implements Callable<Integer> {

  @Parameters(paramLabel = "URL", description = "The link to fetch.")
  String url;

  @Option(names = "--audio", description = "Audio instead of video.")
  boolean audio;

  @Option(
      names = "--file",
      description =
          "The original file as the site has it, unconverted (what the bot sends as a document).")
  boolean file;

  @Option(
      names = "--quality",
      paramLabel = "Q",
      description =
          "best, 1080p, 720p, 480p, 360p (video) or audio_best, audio_128, audio_64 (audio); default 720p / audio_128.")
  String quality;

  @Option(
      names = "--out",
      paramLabel = "DIR",
      description = "Where to put the file (default: the current folder).")
  Path out;

  @Option(
      names = "--playlist",
      description =
          "Read the link as a playlist (a podcast feed, a channel) and fetch every item, also when"
              + " it does not look like one. A YouTube playlist link needs no flag.")
  boolean playlist;

  @Option(
      names = "--max-items",
      paramLabel = "N",
      description =
          "For a playlist: fetch at most its first N items (default: sources.max_playlist_items).")
  Integer maxItems;

  private final RootCommand root;

  FetchCommand(RootCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    PrintStream stdout = root.environment().out();
    PrintStream stderr = root.environment().err();
    AppConfig config = root.config().config();
    if (audio && file) {
      stderr.println(
          "fetch: --audio and --file exclude each other (the original file keeps its picture)");
      return FailureHandler.CONFIG_ERROR;
    }
    JobType type = file ? JobType.FILE : audio ? JobType.AUDIO : JobType.VIDEO;
    Quality q = Quality.defaultFor(type);
    if (quality != null && file) {
      stderr.println("fetch: --file takes no --quality: the original is sent as the site has it");
      return FailureHandler.CONFIG_ERROR;
    }
    if (quality != null) {
      q = Quality.parse(quality).orElse(null);
      if (q == null || q.jobType() != type) {
        stderr.println(
            "fetch: --quality "
                + quality
                + " is not a "
                + type.name().toLowerCase(Locale.ROOT)
                + " quality"
                + (audio
                    ? " (use audio_best, audio_128 or audio_64)"
                    : " (add --audio for audio qualities)"));
        return FailureHandler.CONFIG_ERROR;
      }
    }
    if (maxItems != null && maxItems < 1) {
      stderr.println("fetch: --max-items must be at least 1, got " + maxItems);
      return FailureHandler.CONFIG_ERROR;
    }
    // yt-dlp connects to a link read as a playlist on its own, past the guarded HTTP client's
    // connection-time check: a host forced to be a playlist has its addresses checked here.
    IntakeResult intake = playlist ? root.intake().checkAndResolve(url) : root.intake().check(url);
    if (intake instanceof IntakeResult.Refused refused) {
      stderr.println("refused: " + refused.reason() + ": " + refused.detail());
      stdout.println("error_type: UNSUPPORTED_SOURCE");
      return FailureHandler.FAILURE;
    }
    Path outDir = root.resolve(out == null ? Path.of(".") : out);
    int items = maxItems != null ? maxItems : config.sources().maxPlaylistItems();
    if (intake instanceof IntakeResult.Playlist list) {
      return playlistFetch(config).fetch(list.uri(), items, q, outDir);
    }
    IntakeResult.Accepted accepted = (IntakeResult.Accepted) intake;
    if (playlist) {
      return playlistFetch(config).fetch(accepted.uri(), items, q, outDir);
    }
    LinkFetch.Result result =
        linkFetch(config).fetch(accepted, q, outDir, LinkFetch.Naming.AS_MADE);
    return result instanceof LinkFetch.Saved ? 0 : FailureHandler.FAILURE;
  }

  /** The one path every link takes: the pipeline as configured, its work in the tmp root. */
  private LinkFetch linkFetch(AppConfig config) {
    return new LinkFetch(
        root.pipeline(),
        config,
        root.resolve(config.paths().tmpRoot()),
        root.environment().out(),
        root.environment().err(),
        root.environment().clock());
  }

  private PlaylistFetch playlistFetch(AppConfig config) {
    return new PlaylistFetch(
        root.intake(),
        Wiring.playlists(config),
        linkFetch(config),
        config.timeouts().metadata(),
        root.environment().out(),
        root.environment().err());
  }

  /** Deletes a folder and what is in it, as far as it can; leftovers go with the tmp cleanup. */
  static void deleteTree(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // Leftovers are removed by the tmp cleanup; the result already reached the operator.
    }
  }

  /** Stages as lines, download progress as one bar redrawn in place. */
  static final class ConsoleListener implements PipelineListener {
    private static final long REDRAW_MILLIS = 200;
    private final PrintStream err;
    private final java.time.Clock clock;
    private long lastDraw;
    private boolean barShown;
    private boolean doneDrawn;

    ConsoleListener(PrintStream err, java.time.Clock clock) {
      this.err = err;
      this.clock = clock;
    }

    @Override
    public synchronized void event(PipelineEvent event) {
      EventType type = event.type();
      Map<String, ?> data = event.data();
      endProgressLine();
      doneDrawn = false;
      Object detail =
          data.get("message") != null ? data.get("error_type") + ": " + data.get("message") : data;
      err.println("  " + type + " " + detail);
      if (type == EventType.CAPABILITY_CHECK_PASSED) {
        plan(data).ifPresent(p -> err.println("  plan: " + p));
      }
    }

    /**
     * The delivery plan in words, as the bot's status message says it, when it is not "as asked".
     */
    static java.util.Optional<String> plan(Map<String, ?> data) {
      String limit =
          data.get("max_bytes") instanceof Number n
              ? DoctorCommand.formatBytes(n.longValue())
              : "?";
      if (Boolean.TRUE.equals(data.get("smaller_than_asked"))) {
        String wantedBytes =
            data.get("wanted_bytes") instanceof Number n
                ? DoctorCommand.formatBytes(n.longValue())
                : "?";
        return java.util.Optional.of(
            data.get("wanted")
                + " would be "
                + wantedBytes
                + ", over the "
                + limit
                + " limit; "
                + data.get("chosen")
                + " instead");
      }
      if (Boolean.TRUE.equals(data.get("over_limit"))) {
        if ("fit_audio".equals(data.get("delivery"))) {
          return java.util.Optional.of(
              "over the " + limit + " limit as it is: the audio is re-encoded to fit one file");
        }
        Object parts = data.get("estimated_parts");
        return java.util.Optional.of(
            "over the "
                + limit
                + " limit: sent in "
                + (parts == null ? "several" : "about " + parts)
                + " parts of at most "
                + limit);
      }
      return java.util.Optional.empty();
    }

    @Override
    public synchronized void progress(DownloadProgress p) {
      long now = clock.millis();
      boolean done =
          p.totalBytes().isPresent() && p.downloadedBytes() >= p.totalBytes().getAsLong();
      if (done ? doneDrawn : now - lastDraw < REDRAW_MILLIS) {
        return;
      }
      doneDrawn = done;
      lastDraw = now;
      err.print("\r  " + bar(p));
      barShown = true;
    }

    synchronized void endProgressLine() {
      if (barShown) {
        err.println();
        barShown = false;
      }
    }

    static String bar(DownloadProgress p) {
      StringBuilder sb = new StringBuilder();
      if (p.percent().isPresent()) {
        int pct = p.percent().getAsInt();
        int filled = pct / 5;
        sb.append('[').append("#".repeat(filled)).append(".".repeat(20 - filled)).append("] ");
        sb.append(String.format(Locale.ROOT, "%3d%% ", pct));
      }
      sb.append(DoctorCommand.formatBytes(p.downloadedBytes()));
      p.totalBytes().ifPresent(t -> sb.append(" / ").append(DoctorCommand.formatBytes(t)));
      p.speedBytesPerSecond()
          .ifPresent(
              s -> sb.append(" · ").append(DoctorCommand.formatBytes((long) s)).append("/s"));
      p.etaSeconds()
          .ifPresent(e -> sb.append(String.format(Locale.ROOT, " · ETA %d:%02d", e / 60, e % 60)));
      return sb.append("   ").toString();
    }
  }
}
