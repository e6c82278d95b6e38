package archiver.cli;

import archiver.domain.ErrorType;
import archiver.domain.Quality;
import archiver.download.DownloadFailure;
import archiver.download.intake.IntakeResult;
import archiver.download.intake.UrlIntake;
import archiver.download.ytdlp.YtDlpPlaylists;
import archiver.storage.FileNames;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * {@code fetch} of a playlist (issue 15, item 5): read flat with yt-dlp, then every item in
 * playlist order through the same {@link LinkFetch} a single link takes, saved as {@code 01 -
 * Title.ext} in a folder named after the playlist. One failed item does not stop the others; a
 * summary ends the run, and it exits non-zero when any item failed.
 *
 * <p>Each item's link goes through the URL intake before it is fetched: the items are the site's
 * words, not the operator's, and a feed may list a link to anywhere.
 */
final class PlaylistFetch {

  /** The stage a failure to read the playlist is reported in, as the pipeline names its own. */
  static final String READ_STAGE = "PLAYLIST_READ";

  /** What became of one item. */
  sealed interface ItemOutcome permits Fetched, ItemFailed {
    YtDlpPlaylists.Item item();
  }

  record Fetched(YtDlpPlaylists.Item item, List<Path> files) implements ItemOutcome {
    Fetched {
      files = List.copyOf(files);
    }
  }

  /**
   * @param errorType what {@code fetch} prints as {@code error_type} for a link that fails so
   * @param reason a short why: the refusal, or the failure's message
   */
  record ItemFailed(YtDlpPlaylists.Item item, ErrorType errorType, String reason)
      implements ItemOutcome {}

  private final UrlIntake intake;
  private final YtDlpPlaylists playlists;
  private final LinkFetch links;
  private final Duration readTimeout;
  private final PrintStream stdout;
  private final PrintStream stderr;

  PlaylistFetch(
      UrlIntake intake,
      YtDlpPlaylists playlists,
      LinkFetch links,
      Duration readTimeout,
      PrintStream stdout,
      PrintStream stderr) {
    this.intake = intake;
    this.playlists = playlists;
    this.links = links;
    this.readTimeout = readTimeout;
    this.stdout = stdout;
    this.stderr = stderr;
  }

  /**
   * Reads {@code playlist} (a link the intake accepted) and fetches at most its first {@code
   * maxItems} items into a folder of {@code outRoot}. Returns the exit code.
   */
  int fetch(URI playlist, int maxItems, Quality quality, Path outRoot)
      throws IOException, InterruptedException {
    stderr.println("fetch: reading the playlist " + playlist);
    // No cookies: an operator's try of a public playlist; a private one fails as AUTH_ERROR.
    return switch (playlists.read(playlist, Optional.empty(), maxItems, readTimeout)) {
      case YtDlpPlaylists.Read read -> fetchItems(read.playlist(), quality, outRoot);
      case YtDlpPlaylists.NotAPlaylist none -> {
        printReadFailure(
            DownloadFailure.of(
                ErrorType.UNSUPPORTED_SOURCE,
                "yt-dlp reads this link as one media item, not a playlist; fetch it without"
                    + " --playlist"));
        yield FailureHandler.FAILURE;
      }
      case YtDlpPlaylists.Failed failed -> {
        printReadFailure(readFailure(failed));
        yield FailureHandler.FAILURE;
      }
    };
  }

  private int fetchItems(YtDlpPlaylists.Playlist playlist, Quality quality, Path outRoot)
      throws InterruptedException {
    List<YtDlpPlaylists.Item> items = playlist.items();
    int total = items.size();
    Path folder =
        outRoot.resolve(
            FileNames.sanitize(playlist.title().isBlank() ? playlist.id() : playlist.title()));
    stdout.println("playlist: " + playlist.title());
    stdout.println("folder: " + folder.toAbsolutePath().normalize());
    stdout.println(
        "items: " + (playlist.more() ? "first " + total + " of more than " + total : total));
    List<ItemOutcome> outcomes = new ArrayList<>();
    for (YtDlpPlaylists.Item item : items) {
      stdout.println("--- item " + item.index() + "/" + total + ": " + item.title());
      outcomes.add(fetchItem(item, total, quality, folder));
    }
    summary(outcomes).forEach(stdout::println);
    return outcomes.stream().allMatch(o -> o instanceof Fetched) ? 0 : FailureHandler.FAILURE;
  }

  private ItemOutcome fetchItem(YtDlpPlaylists.Item item, int total, Quality quality, Path folder)
      throws InterruptedException {
    switch (intake.check(item.url().toString())) {
      case IntakeResult.Refused r -> {
        return refused(item, r.reason() + ": " + r.detail());
      }
      case IntakeResult.Playlist p -> {
        return refused(item, "a playlist inside the playlist is not fetched: " + p.uri());
      }
      case IntakeResult.Accepted accepted -> {
        try {
          return switch (links.fetch(accepted, quality, folder, naming(item, total))) {
            case LinkFetch.Saved saved -> new Fetched(item, saved.files());
            case LinkFetch.Failed failed ->
                new ItemFailed(item, failed.failure().type(), failed.failure().message());
          };
        } catch (IOException e) {
          // Moving the file into the folder failed; the next item may still have room.
          stdout.println("error_type: " + ErrorType.UNKNOWN);
          stdout.println("message: " + e);
          return new ItemFailed(item, ErrorType.UNKNOWN, "saving the file: " + e);
        }
      }
    }
  }

  /** Printed as {@code fetch} prints a refused link, and skipped. */
  private ItemOutcome refused(YtDlpPlaylists.Item item, String reason) {
    stderr.println("refused: " + reason);
    stdout.println("error_type: " + ErrorType.UNSUPPORTED_SOURCE);
    stdout.println("message: refused: " + reason);
    return new ItemFailed(item, ErrorType.UNSUPPORTED_SOURCE, "refused: " + reason);
  }

  /**
   * {@code 01 - <item title>.<ext>}, numbered in playlist order; an item over the size limit comes
   * as parts, {@code 01 - <item title> - part 1.<ext>}.
   */
  static LinkFetch.Naming naming(YtDlpPlaylists.Item item, int total) {
    return (media, part, parts) -> {
      String name = media.file().getFileName().toString();
      int dot = name.lastIndexOf('.');
      String ext = dot > 0 ? name.substring(dot + 1) : "";
      String title = parts == 1 ? item.title() : item.title() + " - part " + part;
      return FileNames.playlistItem(item.index(), total, title, ext);
    };
  }

  /**
   * The last lines: {@code summary: N of M fetched, K failed}, then one line per failed item with
   * its error type and reason, in playlist order.
   */
  static List<String> summary(List<ItemOutcome> outcomes) {
    List<String> lines = new ArrayList<>();
    List<ItemFailed> failed = new ArrayList<>();
    for (ItemOutcome outcome : outcomes) {
      if (outcome instanceof ItemFailed f) {
        failed.add(f);
      }
    }
    int total = outcomes.size();
    lines.add(
        "summary: "
            + (total - failed.size())
            + " of "
            + total
            + " fetched, "
            + failed.size()
            + " failed");
    for (ItemFailed f : failed) {
      lines.add(
          "failed: "
              + f.item().index()
              + "/"
              + total
              + " "
              + f.item().title()
              + ": "
              + f.errorType()
              + ": "
              + f.reason());
    }
    return lines;
  }

  private void printReadFailure(DownloadFailure failure) {
    stdout.println("error_type: " + failure.type());
    stdout.println("stage: " + READ_STAGE);
    stdout.println("message: " + failure.message());
    failure.httpStatus().ifPresent(s -> stdout.println("http_status: " + s));
  }

  /** yt-dlp's last words, classified as every yt-dlp failure is. */
  private DownloadFailure readFailure(YtDlpPlaylists.Failed failed) {
    if (failed.timedOut()) {
      return DownloadFailure.of(
          ErrorType.TIMEOUT, "reading the playlist took over " + readTimeout.toSeconds() + " s");
    }
    String tail = failed.stderrTail().strip();
    String last = tail.substring(tail.lastIndexOf('\n') + 1);
    return DownloadFailure.classified(
        last.isBlank() ? "yt-dlp exited with " + failed.exitCode() : last, tail);
  }
}
