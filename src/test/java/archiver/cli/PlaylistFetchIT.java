package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.testing.ArchiverJar;
import archiver.testing.LocalMediaServer;
import archiver.testing.TestMedia;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code archiver fetch --playlist} as an operator runs it: the real jar reads a lecture series
 * served as a podcast feed from 127.0.0.1 with the real yt-dlp, and fetches each item with ffmpeg
 * through the same path a single link takes. YouTube playlists list the same way, but YouTube is
 * not reachable from a test.
 */
class PlaylistFetchIT {

  @TempDir Path dir;
  private LocalMediaServer server;

  @BeforeEach
  void start() throws Exception {
    server = LocalMediaServer.start();
    // 127.0.0.1 is no media site, and the feed's link has no media extension: the operator names
    // the host, as for any server of direct files.
    Files.writeString(
        dir.resolve("config.yaml"),
        "security: { allow_private_addresses: true, allow_http: true,"
            + " extra_allowed_domains: [127.0.0.1] }\n");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A feed whose items are the given paths, titled "Lecture 1", "Lecture 2", ... */
  private URI feed(String title, List<String> paths) {
    StringBuilder rss =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>"
                + title
                + "</title><link>"
                + server.baseUrl()
                + "/</link><description>lectures</description>\n");
    for (int i = 0; i < paths.size(); i++) {
      rss.append("<item><title>Lecture ")
          .append(i + 1)
          .append("</title><enclosure url=\"")
          .append(server.baseUrl())
          .append(paths.get(i))
          .append("\" type=\"audio/mpeg\" length=\"1000\"/><guid>lecture-")
          .append(i + 1)
          .append("</guid></item>\n");
    }
    rss.append("</channel></rss>\n");
    server.serve(
        "/series.xml", rss.toString().getBytes(StandardCharsets.UTF_8), "application/rss+xml");
    return server.uri("/series.xml");
  }

  private void serveLectures(int count) throws Exception {
    Path media = Files.createDirectories(dir.resolve("media"));
    for (int i = 1; i <= count; i++) {
      server.serve("/lecture-" + i + ".mp3", TestMedia.mp3(media, 2), "audio/mpeg");
    }
  }

  private static List<String> names(Path folder) throws Exception {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(f -> f.getFileName().toString()).sorted().toList();
    }
  }

  @Test
  void givenAFeedWithOneMissingItem_whenFetch_thenTheOthersAreSavedNumberedAndTheFailureIsSummed()
      throws Exception {
    serveLectures(3);
    server.respond("/lecture-2.mp3", new LocalMediaServer.Status(404, "not here"));
    URI feed = feed("Fiqh Lectures", List.of("/lecture-1.mp3", "/lecture-2.mp3", "/lecture-3.mp3"));

    ArchiverJar.Run run =
        new ArchiverJar(dir, Map.of())
            .run("fetch", "--playlist", "--audio", feed.toString(), "--out", "out");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.stdout())
        .contains("playlist: Fiqh Lectures", "items: 3")
        .containsPattern("folder: .*/out/Fiqh Lectures\n")
        .contains("--- item 1/3: Lecture 1", "--- item 2/3: Lecture 2", "--- item 3/3: Lecture 3")
        .contains("summary: 2 of 3 fetched, 1 failed")
        .containsPattern("failed: 2/3 Lecture 2: HTTP_ERROR: .*404");
    assertThat(run.stdout().indexOf("summary:"))
        .as("the summary comes after the last item")
        .isGreaterThan(run.stdout().indexOf("--- item 3/3"));
    // Named by the feed's titles and positions; an MP3 that plays as it is stays an MP3.
    assertThat(names(dir.resolve("out/Fiqh Lectures")))
        .containsExactly("01 - Lecture 1.mp3", "03 - Lecture 3.mp3");
    assertThat(run.stdout()).containsPattern("file: .*/out/Fiqh Lectures/01 - Lecture 1\\.mp3\n");
    assertThat(server.requestedPaths())
        .as("every item was tried, in playlist order")
        .containsSubsequence("/series.xml", "/lecture-1.mp3", "/lecture-2.mp3", "/lecture-3.mp3");
    assertThat(dir.resolve("data/tmp")).isEmptyDirectory();
  }

  @Test
  void givenMaxItems_whenFetchOfALongerFeed_thenOnlyTheFirstItemsAndTheCapIsSaid()
      throws Exception {
    serveLectures(3);
    URI feed = feed("Series", List.of("/lecture-1.mp3", "/lecture-2.mp3", "/lecture-3.mp3"));

    ArchiverJar.Run run =
        new ArchiverJar(dir, Map.of())
            .run(
                "fetch",
                "--playlist",
                "--audio",
                "--max-items",
                "2",
                feed.toString(),
                "--out",
                "out");

    assertThat(run.exitCode()).as(run.all()).isZero();
    assertThat(run.stdout())
        .contains("items: first 2 of more than 2", "summary: 2 of 2 fetched, 0 failed")
        .doesNotContain("failed: ");
    assertThat(names(dir.resolve("out/Series")))
        .containsExactly("01 - Lecture 1.mp3", "02 - Lecture 2.mp3");
    assertThat(server.requestsFor("/lecture-3.mp3")).isEmpty();
  }

  @Test
  void givenAnItemLinkTheIntakeRefuses_whenFetch_thenItIsReportedAndSkipped() throws Exception {
    serveLectures(1);
    // The feed is the site's word, not the operator's: a link in it to a host nobody allowed,
    // that is no media file, is refused as if the operator had typed it.
    String refused = "http://metadata.internal/latest/meta-data/";
    server.serve(
        "/series.xml",
        ("<?xml version=\"1.0\"?><rss version=\"2.0\"><channel><title>Mixed</title>"
                + "<item><title>Good</title><enclosure url=\""
                + server.baseUrl()
                + "/lecture-1.mp3\" type=\"audio/mpeg\"/></item>"
                + "<item><title>Bad</title><enclosure url=\""
                + refused
                + "\" type=\"audio/mpeg\"/></item></channel></rss>")
            .getBytes(StandardCharsets.UTF_8),
        "application/rss+xml");

    ArchiverJar.Run run =
        new ArchiverJar(dir, Map.of())
            .run("fetch", "--playlist", "--audio", server.baseUrl() + "/series.xml", "--out", "o");

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.stdout())
        .contains("summary: 1 of 2 fetched, 1 failed")
        .contains(
            "failed: 2/2 Bad: UNSUPPORTED_SOURCE: refused: DOMAIN_NOT_ALLOWED: metadata.internal");
    assertThat(names(dir.resolve("o/Mixed"))).containsExactly("01 - Good.mp3");
  }

  @Test
  void givenPrivateAddressesNotAllowed_whenFetchPlaylist_thenTheFeedIsRefusedBeforeAnyRequest()
      throws Exception {
    URI feed = feed("Series", List.of("/lecture-1.mp3"));
    Files.writeString(
        dir.resolve("config.yaml"),
        "security: { allow_http: true, extra_allowed_domains: [127.0.0.1] }\n");

    ArchiverJar.Run run =
        new ArchiverJar(dir, Map.of()).run("fetch", "--playlist", "--audio", feed.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.stderr()).contains("refused: PRIVATE_ADDRESS");
    assertThat(server.requests()).as("yt-dlp never read the feed").isEmpty();
  }

  @Test
  void givenAFeedLinkWithoutThePlaylistFlag_whenFetch_thenItIsNotReadAsAPlaylist()
      throws Exception {
    URI feed = feed("Series", List.of("/lecture-1.mp3"));

    ArchiverJar.Run run = new ArchiverJar(dir, Map.of()).run("fetch", "--audio", feed.toString());

    assertThat(run.exitCode()).as(run.all()).isEqualTo(1);
    assertThat(run.stdout()).doesNotContain("playlist:", "summary:");
    assertThat(server.requestsFor("/lecture-1.mp3")).isEmpty();
  }
}
