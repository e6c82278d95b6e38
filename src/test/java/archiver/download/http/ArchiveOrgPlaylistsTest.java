package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

import archiver.domain.Quality;
import archiver.domain.SourceType;
import archiver.download.CapabilityResult;
import archiver.download.Metadata;
import archiver.download.MetadataResult;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeResult;
import archiver.download.intake.UrlIntake;
import archiver.testing.LocalMediaServer;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An Archive.org item read as a playlist, its metadata API served from 127.0.0.1. */
class ArchiveOrgPlaylistsTest {

  private static final String ID = "lecture-series";
  private static final String ITEM = "https://archive.org/details/" + ID;

  private LocalMediaServer server;
  private GuardedHttp http;
  private ArchiveOrgPlaylists playlists;

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
    http = HttpTesting.localHttp();
    playlists = new ArchiveOrgPlaylists(http, URI.create(server.baseUrl()));
  }

  @AfterEach
  void stop() {
    http.close();
    server.close();
  }

  /** A FLAC upload with its VBR MP3 and Ogg Vorbis derivatives, as Archive.org derives them. */
  private static String flacTrack(String base, String mp3Title, String uploadTitle) {
    return """
        {"name": "%1$s.flac", "source": "original", "format": "Flac", "size": "30000000"%3$s},
        {"name": "%1$s.mp3", "source": "derivative", "format": "VBR MP3", "size": "9000000",
         "original": "%1$s.flac"%2$s},
        {"name": "%1$s.ogg", "source": "derivative", "format": "Ogg Vorbis", "size": "7000000",
         "original": "%1$s.flac"},
        {"name": "%1$s.png", "source": "derivative", "format": "Spectrogram", "size": "1000",
         "original": "%1$s.flac"}
        """
        .formatted(
            base,
            mp3Title == null ? "" : ", \"title\": \"" + mp3Title + "\"",
            uploadTitle == null ? "" : ", \"title\": \"" + uploadTitle + "\"");
  }

  private void serveItem(String title, String... files) {
    String json =
        """
        {"files": [%s
          {"name": "__ia_thumb.jpg", "source": "original", "format": "Item Tile", "size": "9000"}
        ], "metadata": {"identifier": "%s", "title": "%s"}}
        """
            .formatted(String.join(",", files) + ",", ID, title);
    server.serve("/metadata/" + ID, json.getBytes(StandardCharsets.UTF_8), "application/json");
  }

  private HttpPlaylist.Listed listed(int maxItems) throws InterruptedException {
    HttpPlaylist result = playlists.read(URI.create(ITEM), maxItems);
    assertThat(result).isInstanceOf(HttpPlaylist.Listed.class);
    return (HttpPlaylist.Listed) result;
  }

  @Test
  void itemOfThreeUploadsWithDerivativesIsAPlaylistOfThreeInGroupOrderNamingEachMp3()
      throws Exception {
    serveItem(
        "Lectures on Character",
        flacTrack("03 Gratitude", null, null),
        flacTrack("01 Intro", "Introduction", null),
        flacTrack("02 Patience", null, "On Patience"));

    HttpPlaylist.Listed listed = listed(50);

    assertThat(listed.id()).isEqualTo(ID);
    assertThat(listed.title()).isEqualTo("Lectures on Character");
    assertThat(listed.count()).isEqualTo(3);
    assertThat(listed.more()).isFalse();
    assertThat(listed.entries())
        .extracting(e -> e.url().toString(), HttpPlaylist.Entry::title)
        .containsExactly(
            tuple(ITEM + "/01%20Intro.mp3", "Introduction"),
            tuple(ITEM + "/02%20Patience.mp3", "On Patience"),
            tuple(ITEM + "/03%20Gratitude.mp3", "03 Gratitude"));
    assertThat(server.requestedPaths()).containsExactly("/metadata/" + ID);
  }

  @Test
  void itemOfOneFileIsNotAPlaylist() throws Exception {
    serveItem(
        "One Talk",
        """
        {"name": "talk.mp3", "source": "original", "format": "VBR MP3", "size": "9000000"}""");

    assertThat(playlists.read(URI.create(ITEM), 50)).isInstanceOf(HttpPlaylist.NotAPlaylist.class);
  }

  @Test
  void itemOfOneUploadAndItsDerivativesIsNotAPlaylist() throws Exception {
    serveItem("One Track", flacTrack("01 Only", null, null));

    assertThat(playlists.read(URI.create(ITEM), 50)).isInstanceOf(HttpPlaylist.NotAPlaylist.class);
  }

  @Test
  void itemWhoseMediaFilesAreAllRestrictedIsNotAPlaylist() throws Exception {
    serveItem(
        "A Lent Audiobook",
        """
        {"name": "part1.mp3", "source": "original", "format": "VBR MP3", "private": "true"},
        {"name": "part2.mp3", "source": "original", "format": "VBR MP3", "private": "true"},
        {"name": "part3.mp3", "source": "original", "format": "VBR MP3", "private": "true"}""");

    assertThat(playlists.read(URI.create(ITEM), 50)).isInstanceOf(HttpPlaylist.NotAPlaylist.class);
  }

  @Test
  void restrictedUploadsAreLeftOutOfAPlaylist() throws Exception {
    serveItem(
        "Partly Lent",
        """
        {"name": "a.mp3", "source": "original", "format": "VBR MP3"},
        {"name": "b.mp3", "source": "original", "format": "VBR MP3", "private": "true"},
        {"name": "c.mp3", "source": "original", "format": "VBR MP3"}""");

    assertThat(listed(50).entries())
        .extracting(HttpPlaylist.Entry::title)
        .containsExactly("a", "c");
  }

  @Test
  void itemOfFiveUploadsReadWithAMaximumOfThreeGivesTheFirstThreeAndSaysThereAreMore()
      throws Exception {
    List<String> tracks = new ArrayList<>();
    for (int i = 1; i <= 5; i++) {
      tracks.add(flacTrack("0" + i + " Lesson", null, null));
    }
    serveItem("Five Lessons", tracks.toArray(String[]::new));

    HttpPlaylist.Listed listed = listed(3);

    assertThat(listed.entries())
        .extracting(HttpPlaylist.Entry::title)
        .containsExactly("01 Lesson", "02 Lesson", "03 Lesson");
    assertThat(listed.count()).isEqualTo(5);
    assertThat(listed.more()).isTrue();
  }

  @Test
  void videoUploadsNameTheirDefaultHeightMp4() throws Exception {
    serveItem(
        "Two Films",
        """
        {"name": "a.avi", "source": "original", "format": "Cinepack", "height": "1080"},
        {"name": "a_hd.mp4", "source": "derivative", "format": "h.264 1080P", "original": "a.avi"},
        {"name": "a.mp4", "source": "derivative", "format": "h.264 720P", "original": "a.avi"},
        {"name": "a_512kb.mp4", "source": "derivative", "format": "512Kb MPEG4",
         "original": "a.avi"},
        {"name": "b.mp4", "source": "original", "format": "MPEG4", "height": "480"}""");

    assertThat(listed(50).entries())
        .extracting(e -> e.url().toString())
        .containsExactly(ITEM + "/a.mp4", ITEM + "/b.mp4");
  }

  @Test
  void unknownItemFailsSayingArchiveOrgHasNoSuchItem() throws Exception {
    server.serve("/metadata/" + ID, "{}".getBytes(StandardCharsets.UTF_8), "application/json");

    assertThat(playlists.read(URI.create(ITEM), 50))
        .isEqualTo(new HttpPlaylist.Failed("Archive.org has no item \"" + ID + "\""));
  }

  @Test
  void darkItemFailsSayingItIsNoLongerAvailable() throws Exception {
    server.serve(
        "/metadata/" + ID,
        ("{\"is_dark\": true, \"metadata\": {\"identifier\": \"" + ID + "\"}, \"files\": []}")
            .getBytes(StandardCharsets.UTF_8),
        "application/json");

    assertThat(playlists.read(URI.create(ITEM), 50))
        .isEqualTo(
            new HttpPlaylist.Failed("the Archive.org item \"" + ID + "\" is no longer available"));
  }

  @Test
  void metadataApiAnswering503FailsWithTheStatus() throws Exception {
    server.respond("/metadata/" + ID, new LocalMediaServer.Status(503, "slow down"));

    HttpPlaylist result = playlists.read(URI.create(ITEM), 50);

    assertThat(result).isInstanceOf(HttpPlaylist.Failed.class);
    assertThat(((HttpPlaylist.Failed) result).reason()).contains("503");
  }

  @Test
  void linkNamingAFileIsNotAPlaylistAndAsksNothing() throws Exception {
    assertThat(playlists.read(URI.create(ITEM + "/01%20Intro.mp3"), 50))
        .isInstanceOf(HttpPlaylist.NotAPlaylist.class);
    assertThat(playlists.read(URI.create("https://archive.org/search?query=x"), 50))
        .isInstanceOf(HttpPlaylist.NotAPlaylist.class);
    assertThat(server.requests()).isEmpty();
  }

  /**
   * The item links become jobs: intake must take them as Archive.org links naming the file (in
   * their canonical form, so a second batch of the same item finds the same jobs), and the
   * downloader must fetch exactly that file.
   */
  @Test
  void itemLinkIsAnArchiveLinkNamingItsFileWhichTheDownloaderChooses(@TempDir Path workDir)
      throws Exception {
    serveItem(
        "Odd Names",
        """
        {"name": "Extras/Q&A session.mp3", "source": "original", "format": "128Kbps MP3",
         "size": "9600000"},
        {"name": "درس 2.flac", "source": "original", "format": "Flac", "size": "30000000"},
        {"name": "درس 2.mp3", "source": "derivative", "format": "VBR MP3", "size": "9000000",
         "original": "درس 2.flac"}""");
    UrlIntake intake = new UrlIntake(HttpTesting.LOCAL, HostResolver.system());
    ArchiveOrgDownloader downloader =
        new ArchiveOrgDownloader(http, URI.create(server.baseUrl()), Duration.ofSeconds(5));

    List<HttpPlaylist.Entry> entries = listed(50).entries();

    assertThat(entries)
        .extracting(HttpPlaylist.Entry::title)
        .containsExactly("Q&A session", "درس 2");
    List<String> named = List.of("Extras/Q&A session.mp3", "درس 2.mp3");
    for (int i = 0; i < entries.size(); i++) {
      String link = entries.get(i).url().toString();
      IntakeResult checked = intake.check(link);
      assertThat(checked).isInstanceOf(IntakeResult.Accepted.class);
      IntakeResult.Accepted accepted = (IntakeResult.Accepted) checked;
      assertThat(accepted.sourceType()).isEqualTo(SourceType.ARCHIVE);
      assertThat(accepted.normalizedUrl()).isEqualTo(link);
      assertThat(accepted.mediaId()).contains(ID);
      assertThat(ArchiveOrgDownloader.Link.of(accepted.uri()))
          .contains(new ArchiveOrgDownloader.Link(ID, Optional.of(named.get(i))));

      MetadataResult result =
          downloader.fetchMetadata(accepted.uri(), HttpTesting.context(workDir));
      assertThat(result).isInstanceOf(MetadataResult.Fetched.class);
      Metadata metadata = ((MetadataResult.Fetched) result).metadata();
      CapabilityResult check = downloader.check(metadata, Quality.AUDIO_128, 50_000_000);
      assertThat(check).isInstanceOf(CapabilityResult.Capable.class);
      assertThat(((ArchiveFile) ((CapabilityResult.Capable) check).planData()).name())
          .isEqualTo(named.get(i));
    }
  }
}
