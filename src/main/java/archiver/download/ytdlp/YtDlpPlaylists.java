package archiver.download.ytdlp;

import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Reads a playlist flat (issue 15, "Playlist intake"): its title and its items' titles and links,
 * with {@code yt-dlp --flat-playlist}, so one request to the site, not one per item. At most {@code
 * maxItems} items are listed; whether there are more is told, so the bot can say "over the limit"
 * and offer the first ones.
 *
 * <p>The caller checks the playlist link with the URL guard first, and each item's link again
 * before it becomes a job: the items are the site's words, not the user's.
 */
public final class YtDlpPlaylists {

  /** One item, 1-based in playlist order. */
  public record Item(int index, String title, URI url) {}

  /**
   * @param count the playlist's length when the site says it ({@code playlist_count}), else the
   *     items read
   * @param more there are items after {@code items}
   */
  public record Playlist(String id, String title, int count, boolean more, List<Item> items) {
    public Playlist {
      items = List.copyOf(items);
    }
  }

  /** What reading the link gave. */
  public sealed interface Outcome permits Read, NotAPlaylist, Failed {}

  public record Read(Playlist playlist) implements Outcome {}

  /** yt-dlp read the link as one media item. */
  public record NotAPlaylist() implements Outcome {}

  /**
   * @param exitCode -1 when it timed out, 127 when yt-dlp could not be started
   */
  public record Failed(int exitCode, String stderrTail, boolean timedOut) implements Outcome {}

  /** A flat listing is small; 50 items of YouTube's are about 60 KB. */
  private static final int MAX_JSON_CHARS = 8 * 1024 * 1024;

  private final ProcessRunner processes;
  private final String ytDlp;
  private final ObjectMapper json = new ObjectMapper();

  public YtDlpPlaylists(ProcessRunner processes, String ytDlp) {
    this(processes, ytDlp, List.of());
  }

  /** {@code extractorArgs}: as {@link YtDlpRunner}'s, so a listing passes the same checks. */
  public YtDlpPlaylists(ProcessRunner processes, String ytDlp, List<String> extractorArgs) {
    this.processes = Objects.requireNonNull(processes, "processes");
    this.ytDlp = Objects.requireNonNull(ytDlp, "ytDlp");
    this.extractorArgs = List.copyOf(extractorArgs);
  }

  private final List<String> extractorArgs;

  public Outcome read(URI url, Optional<Path> cookieFile, int maxItems, Duration timeout)
      throws InterruptedException {
    if (maxItems < 1) {
      throw new IllegalArgumentException("maxItems must be at least 1, got " + maxItems);
    }
    CookieCopy cookies = CookieCopy.of(cookieFile);
    try {
      List<String> command = YtDlpRunner.commonOptions(ytDlp, true, extractorArgs);
      command.add("--flat-playlist");
      // One more than asked: whether it exists says "there are more", without reading them all.
      command.add("--playlist-end");
      command.add(Integer.toString(maxItems + 1));
      command.add("--dump-single-json");
      cookies.addOption(command);
      command.add("--");
      command.add(url.toString());
      OutputTail tail = new OutputTail();
      ProcessResult result;
      try {
        result =
            processes.run(
                new ProcessSpec(command, null, timeout, Map.of(), MAX_JSON_CHARS),
                line -> {},
                tail::add);
      } catch (IOException e) {
        return new Failed(
            127, "cannot run yt-dlp (" + ytDlp + "): " + e.getMessage() + "\n", false);
      }
      String stderr = tail.text(cookies.values());
      if (result.timedOut()) {
        return new Failed(-1, stderr, true);
      }
      if (result.exitCode() != 0) {
        return new Failed(result.exitCode(), stderr, false);
      }
      return parse(result.stdout(), maxItems, stderr);
    } finally {
      cookies.delete();
    }
  }

  private Outcome parse(String stdout, int maxItems, String stderr) {
    JsonNode root;
    try {
      root = json.readTree(stdout);
    } catch (IOException e) {
      return new Failed(0, stderr + "yt-dlp printed no JSON: " + e.getMessage() + "\n", false);
    }
    if (root == null || !"playlist".equals(root.path("_type").asText())) {
      return new NotAPlaylist();
    }
    List<Item> items = new ArrayList<>();
    for (JsonNode entry : root.path("entries")) {
      Optional<URI> link = linkOf(entry);
      if (link.isEmpty()) {
        continue; // a deleted or private item lists with no link
      }
      String title = entry.path("title").asText("");
      items.add(
          new Item(items.size() + 1, title.isBlank() ? link.get().toString() : title, link.get()));
    }
    boolean more = items.size() > maxItems;
    List<Item> kept = more ? items.subList(0, maxItems) : items;
    int count = root.path("playlist_count").asInt(0);
    return new Read(
        new Playlist(
            root.path("id").asText(""),
            root.path("title").asText(""),
            Math.max(count, items.size()),
            more || count > kept.size(),
            kept));
  }

  /**
   * The item's own link. yt-dlp appends {@code #__youtubedl_smuggle=...} to pass data between its
   * extractors; it is yt-dlp's, not the site's, so it goes.
   */
  private static Optional<URI> linkOf(JsonNode entry) {
    String url = entry.path("url").asText("");
    if (url.isBlank()) {
      url = entry.path("webpage_url").asText("");
    }
    int smuggled = url.indexOf("#__youtubedl_smuggle");
    if (smuggled >= 0) {
      url = url.substring(0, smuggled);
    }
    try {
      URI uri = URI.create(url);
      return uri.isAbsolute() ? Optional.of(uri) : Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }
}
