package archiver.download.ytdlp;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.download.process.SystemProcessRunner;
import archiver.testing.LocalMediaServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The real yt-dlp reads a playlist flat. A lecture series as a podcast feed (RSS with one enclosure
 * per lecture) is what yt-dlp's generic extractor reads as a playlist from 127.0.0.1, without the
 * network; a YouTube playlist lists the same way.
 */
class YtDlpPlaylistsIT {

  private static final Duration TIMEOUT = Duration.ofSeconds(60);

  private final YtDlpPlaylists playlists = new YtDlpPlaylists(new SystemProcessRunner(), "yt-dlp");
  private LocalMediaServer server;

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private URI feed(int lectures) {
    StringBuilder rss =
        new StringBuilder(
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel>"
                + "<title>سلسلة دروس الفقه</title><link>"
                + server.baseUrl()
                + "/</link><description>lectures</description>\n");
    for (int i = 1; i <= lectures; i++) {
      rss.append("<item><title>Lecture ")
          .append(i)
          .append("</title><enclosure url=\"")
          .append(server.baseUrl())
          .append("/lecture-")
          .append(i)
          .append(".mp3\" type=\"audio/mpeg\" length=\"1000\"/><guid>lecture-")
          .append(i)
          .append("</guid></item>\n");
    }
    rss.append("</channel></rss>\n");
    server.serve(
        "/series.xml", rss.toString().getBytes(StandardCharsets.UTF_8), "application/rss+xml");
    return server.uri("/series.xml");
  }

  @Test
  void aFeedOfFiveLecturesListsFiveItemsInOrderWithTheirTitlesAndLinks() throws Exception {
    YtDlpPlaylists.Outcome outcome = playlists.read(feed(5), Optional.empty(), 50, TIMEOUT);

    assertThat(outcome).isInstanceOf(YtDlpPlaylists.Read.class);
    YtDlpPlaylists.Playlist p = ((YtDlpPlaylists.Read) outcome).playlist();
    assertThat(p.title()).isEqualTo("سلسلة دروس الفقه");
    assertThat(p.count()).isEqualTo(5);
    assertThat(p.more()).isFalse();
    assertThat(p.items())
        .extracting(YtDlpPlaylists.Item::index, YtDlpPlaylists.Item::title)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(1, "Lecture 1"),
            org.assertj.core.groups.Tuple.tuple(2, "Lecture 2"),
            org.assertj.core.groups.Tuple.tuple(3, "Lecture 3"),
            org.assertj.core.groups.Tuple.tuple(4, "Lecture 4"),
            org.assertj.core.groups.Tuple.tuple(5, "Lecture 5"));
    assertThat(p.items().getFirst().url())
        .as("yt-dlp's smuggled data is not part of the link")
        .isEqualTo(server.uri("/lecture-1.mp3"));
    assertThat(server.requestsFor("/lecture-1.mp3")).as("flat: no item is fetched").isEmpty();
  }

  @Test
  void aFeedLongerThanTheCapListsTheFirstItemsAndSaysThereAreMore() throws Exception {
    YtDlpPlaylists.Playlist p =
        ((YtDlpPlaylists.Read) playlists.read(feed(8), Optional.empty(), 5, TIMEOUT)).playlist();

    assertThat(p.items()).hasSize(5);
    assertThat(p.items().getLast().title()).isEqualTo("Lecture 5");
    assertThat(p.more()).isTrue();
  }

  @Test
  void aSingleMediaFileIsNotAPlaylist() throws Exception {
    server.serve("/one.mp3", new byte[] {'I', 'D', '3', 4, 0, 0, 0, 0, 0, 0}, "audio/mpeg");

    assertThat(playlists.read(server.uri("/one.mp3"), Optional.empty(), 50, TIMEOUT))
        .isInstanceOf(YtDlpPlaylists.NotAPlaylist.class);
  }

  @Test
  void aMissingFeedFailsWithYtDlpsOwnWords() throws Exception {
    server.respond("/gone.xml", new LocalMediaServer.Status(404, "gone"));

    YtDlpPlaylists.Outcome outcome =
        playlists.read(server.uri("/gone.xml"), Optional.empty(), 50, TIMEOUT);

    assertThat(outcome)
        .isInstanceOfSatisfying(
            YtDlpPlaylists.Failed.class, f -> assertThat(f.stderrTail()).contains("404"));
  }
}
