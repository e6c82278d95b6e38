package archiver.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.NewBatch;
import archiver.domain.SourceType;
import archiver.download.http.ArchiveOrgPlaylists;
import archiver.download.http.GuardedHttp;
import archiver.download.http.HttpSettings;
import archiver.download.http.LecturePagePlaylists;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import archiver.testing.LocalMediaServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The link's site picks the reader; Archive.org and lecture pages are served from 127.0.0.1. */
class SourcePlaylistReaderTest {

  private static final PlaylistReader.Read FROM_YT_DLP =
      new PlaylistReader.Read(
          "PL1", "From yt-dlp", 1, false, List.of(new NewBatch.Item("https://y/1", "one")));

  private final List<URI> askedYtDlp = new ArrayList<>();
  private LocalMediaServer server;
  private GuardedHttp http;
  private SourcePlaylistReader reader;

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
    IntakeSettings local =
        new IntakeSettings(true, true, List.of(), IntakeSettings.DEFAULT_LECTURE_SITES, 5);
    http =
        new GuardedHttp(
            new UrlIntake(local, HostResolver.system()).guard(),
            new HttpSettings(Duration.ofSeconds(2), Duration.ofSeconds(3), "archiver-test/1", 5),
            Clock.systemUTC());
    PlaylistReader ytDlp =
        (url, maxItems) -> {
          askedYtDlp.add(url);
          return FROM_YT_DLP;
        };
    reader =
        new SourcePlaylistReader(
            ytDlp,
            new ArchiveOrgPlaylists(http, URI.create(server.baseUrl())),
            new LecturePagePlaylists(http));
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  @Test
  void archiveLinkIsReadFromTheItemsMetadataAsABatchOfItsUploads() throws Exception {
    server.serve(
        "/metadata/series",
        """
        {"metadata": {"identifier": "series", "title": "A Series"}, "files": [
          {"name": "b.mp3", "source": "original", "format": "VBR MP3"},
          {"name": "a.mp3", "source": "original", "format": "VBR MP3", "title": "First"}]}
        """
            .getBytes(StandardCharsets.UTF_8),
        "application/json");

    PlaylistReader.Listing listing =
        reader.read(SourceType.ARCHIVE, URI.create("https://archive.org/details/series"), 50);

    assertThat(listing)
        .isEqualTo(
            new PlaylistReader.Read(
                "series",
                "A Series",
                2,
                false,
                List.of(
                    new NewBatch.Item("https://archive.org/details/series/a.mp3", "First"),
                    new NewBatch.Item("https://archive.org/details/series/b.mp3", "b"))));
    assertThat(askedYtDlp).isEmpty();
  }

  @Test
  void archiveItemOfOneFileIsNotAPlaylist() throws Exception {
    server.serve(
        "/metadata/one",
        """
        {"metadata": {"identifier": "one"}, "files": [
          {"name": "a.mp3", "source": "original", "format": "VBR MP3"}]}
        """
            .getBytes(StandardCharsets.UTF_8),
        "application/json");

    assertThat(reader.read(SourceType.ARCHIVE, URI.create("https://archive.org/details/one"), 50))
        .isEqualTo(new PlaylistReader.NotAPlaylist());
  }

  @Test
  void archiveItemThatCannotBeReadFailsWithTheReason() throws Exception {
    server.serve("/metadata/nothing", "{}".getBytes(StandardCharsets.UTF_8), "application/json");

    assertThat(
            reader.read(SourceType.ARCHIVE, URI.create("https://archive.org/details/nothing"), 50))
        .isEqualTo(new PlaylistReader.Failed("Archive.org has no item \"nothing\""));
  }

  @Test
  void lecturePageIsReadFromItsHtmlAndYtDlpIsNotAsked() throws Exception {
    server.respond(
        "/series",
        new LocalMediaServer.Html(
            "<title>Lessons</title><a href=\"/1.mp3\">One</a><a href=\"/2.mp3\">Two</a>"));

    PlaylistReader.Listing listing = reader.read(SourceType.TARIQ_ALLAH, server.uri("/series"), 50);

    assertThat(listing)
        .isEqualTo(
            new PlaylistReader.Read(
                server.uri("/series").toString(),
                "Lessons",
                2,
                false,
                List.of(
                    new NewBatch.Item(server.baseUrl() + "/1.mp3", "One"),
                    new NewBatch.Item(server.baseUrl() + "/2.mp3", "Two"))));
    assertThat(askedYtDlp).isEmpty();
  }

  @Test
  void lecturePageOfOneRecordingIsNotAPlaylistWithoutAskingYtDlp() throws Exception {
    server.respond("/one", new LocalMediaServer.Html("<a href=\"/1.mp3\">One</a>"));

    assertThat(reader.read(SourceType.TARIQ_ALLAH, server.uri("/one"), 50))
        .isEqualTo(new PlaylistReader.NotAPlaylist());
    assertThat(askedYtDlp).isEmpty();
  }

  @Test
  void youTubeFacebookAndFeedsAreReadByYtDlp() throws Exception {
    for (SourceType source : List.of(SourceType.YOUTUBE, SourceType.FACEBOOK, SourceType.GENERIC)) {
      assertThat(reader.read(source, URI.create("https://example.org/list"), 50))
          .isEqualTo(FROM_YT_DLP);
    }
    assertThat(askedYtDlp).hasSize(3);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void withoutASourceTheLinkIsReadByYtDlpAsBefore() throws Exception {
    assertThat(reader.read(URI.create("https://archive.org/details/series"), 50))
        .isEqualTo(FROM_YT_DLP);
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void aReaderOfOneSiteIgnoresTheSource() throws Exception {
    PlaylistReader only = (url, maxItems) -> new PlaylistReader.Failed("read " + url);

    assertThat(only.read(SourceType.ARCHIVE, URI.create("https://x/y"), 3))
        .isEqualTo(new PlaylistReader.Failed("read https://x/y"));
  }
}
