package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import archiver.testing.LocalMediaServer;
import java.net.URI;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A lecture page read as a playlist, served from 127.0.0.1. */
class LecturePagePlaylistsTest {

  private LocalMediaServer server;
  private GuardedHttp http;
  private LecturePagePlaylists playlists;

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
    http = HttpTesting.localHttp();
    playlists = new LecturePagePlaylists(http);
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  private URI page(String body) {
    server.respond(
        "/series/7",
        new LocalMediaServer.Html(
            "<html><head><title>Site | Series</title>"
                + "<meta property=\"og:title\" content=\"سلسلة الأخلاق\"></head><body>"
                + body
                + "</body></html>"));
    return server.uri("/series/7");
  }

  private HttpPlaylist.Listed listed(URI page, int maxItems) throws InterruptedException {
    HttpPlaylist result = playlists.read(page, maxItems);
    assertThat(result).isInstanceOf(HttpPlaylist.Listed.class);
    return (HttpPlaylist.Listed) result;
  }

  @Test
  void pageOfFourMp3LinksIsAPlaylistOfFourInPageOrderTitledByTheirText() throws Exception {
    URI page =
        page(
            """
            <ul>
            <li><a href="/files/1.mp3">الدرس الأول</a></li>
            <li><a href="/files/2.mp3">الدرس الثاني</a></li>
            <li><audio src="/files/3.mp3"></audio><a href="/files/3.mp3">الدرس الثالث</a></li>
            <li><a href="https://cdn.example.org/4.mp3">الدرس الرابع</a></li>
            </ul>
            <a href="/files/book.pdf">الكتاب</a>
            """);

    HttpPlaylist.Listed listed = listed(page, 50);

    assertThat(listed.id()).isEqualTo(page.toString());
    assertThat(listed.title()).isEqualTo("سلسلة الأخلاق");
    assertThat(listed.count()).isEqualTo(4);
    assertThat(listed.more()).isFalse();
    String base = server.baseUrl();
    assertThat(listed.entries())
        .extracting(e -> e.url().toString(), HttpPlaylist.Entry::title)
        .containsExactly(
            tuple(base + "/files/1.mp3", "الدرس الأول"),
            tuple(base + "/files/2.mp3", "الدرس الثاني"),
            tuple(base + "/files/3.mp3", "الدرس الثالث"),
            tuple("https://cdn.example.org/4.mp3", "الدرس الرابع"));
    // Listed from the page alone: no file is asked about before the user chooses.
    assertThat(server.requestedPaths()).containsExactly("/series/7");
  }

  @Test
  void linksThatAllSayDownloadAreTitledByTheirFileNames() throws Exception {
    URI page =
        page(
            """
            <a href="/files/patience.mp3">Download</a>
            <a href="/files/gratitude.mp3">Download</a>
            <a href="/files/%D8%AF%D8%B1%D8%B3.mp3"></a>
            """);

    assertThat(listed(page, 50).entries())
        .extracting(HttpPlaylist.Entry::title)
        .containsExactly("patience", "gratitude", "درس");
  }

  @Test
  void pageOfOneRecordingIsNotAPlaylist() throws Exception {
    URI page = page("<audio src=\"/files/1.mp3\"></audio><a href=\"/files/1.mp3\">Download</a>");

    assertThat(playlists.read(page, 50)).isInstanceOf(HttpPlaylist.NotAPlaylist.class);
  }

  @Test
  void pageWithoutAudioIsAPlaylistOfItsVideos() throws Exception {
    URI page =
        page(
            """
            <video src="/v/1.mp4"></video>
            <a href="/v/2.mp4">Part 2</a>
            """);

    assertThat(listed(page, 50).entries())
        .extracting(HttpPlaylist.Entry::title)
        .containsExactly("1", "Part 2");
  }

  @Test
  void pageOfOneAudioAndSeveralVideosIsNotAPlaylist() throws Exception {
    URI page =
        page(
            """
            <audio src="/a/talk.mp3"></audio>
            <a href="/v/1.mp4">Part 1</a><a href="/v/2.mp4">Part 2</a>
            """);

    assertThat(playlists.read(page, 50)).isInstanceOf(HttpPlaylist.NotAPlaylist.class);
  }

  @Test
  void pageOfFourReadWithAMaximumOfTwoGivesTheFirstTwoAndSaysThereAreMore() throws Exception {
    URI page =
        page(
            "<a href=\"/1.mp3\">One</a><a href=\"/2.mp3\">Two</a>"
                + "<a href=\"/3.mp3\">Three</a><a href=\"/4.mp3\">Four</a>");

    HttpPlaylist.Listed listed = listed(page, 2);

    assertThat(listed.entries())
        .extracting(HttpPlaylist.Entry::title)
        .containsExactly("One", "Two");
    assertThat(listed.count()).isEqualTo(4);
    assertThat(listed.more()).isTrue();
  }

  @Test
  void pageWithoutTitleIsNamedByItsLink() throws Exception {
    server.respond(
        "/bare", new LocalMediaServer.Html("<a href=\"/1.mp3\">One</a><a href=\"/2.mp3\">Two</a>"));

    assertThat(listed(server.uri("/bare"), 50).title()).isEqualTo(server.uri("/bare").toString());
  }

  @Test
  void linkToAMediaFileIsNotAPlaylist() throws Exception {
    server.serve("/files/1.mp3", new byte[] {1, 2, 3}, "audio/mpeg");

    assertThat(playlists.read(server.uri("/files/1.mp3"), 50))
        .isInstanceOf(HttpPlaylist.NotAPlaylist.class);
  }

  @Test
  void pageAnswering404FailsWithTheStatus() throws Exception {
    server.respond("/gone", new LocalMediaServer.Status(404, "no such page"));

    HttpPlaylist result = playlists.read(server.uri("/gone"), 50);

    assertThat(result).isInstanceOf(HttpPlaylist.Failed.class);
    assertThat(((HttpPlaylist.Failed) result).reason()).contains("404");
  }
}
