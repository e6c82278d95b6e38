package archiver.download.intake;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.RefusalReason;
import archiver.domain.SourceType;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvFileSource;

class UrlIntakeTest {
  private static final HostResolver NO_DNS =
      host -> {
        throw new UnknownHostException("tests do not use DNS: " + host);
      };

  private final UrlIntake intake = new UrlIntake(IntakeSettings.defaults(), NO_DNS);

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvFileSource(resources = "/intake/youtube-links.csv", delimiter = '|')
  @DisplayName("every YouTube video shape normalises to watch?v=<id>")
  void youtubeVideoShapes(String url, String id) {
    IntakeResult.Accepted accepted = accepted(url);

    assertThat(accepted.sourceType()).isEqualTo(SourceType.YOUTUBE);
    assertThat(accepted.normalizedUrl()).isEqualTo("https://www.youtube.com/watch?v=" + id);
    assertThat(accepted.mediaId()).contains(id);
    assertThat(accepted.uri().getScheme()).isEqualTo("https");
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvFileSource(resources = "/intake/youtube-refused.csv", delimiter = '|')
  @DisplayName("YouTube links that are not one video are refused with the right reason")
  void youtubeNonVideoLinks(String url, RefusalReason reason) {
    assertThat(refused(url).reason()).isEqualTo(reason);
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1} {2}")
  @CsvFileSource(resources = "/intake/youtube-playlists.csv", delimiter = '|')
  @DisplayName(
      "A playlist link is recognised with its id; a video link that names a playlist stays the one"
          + " video")
  void youtubePlaylistLinks(String url, String kind, String playlistId, String mediaId) {
    IntakeResult result = intake.check(url);
    if (kind.equals("PLAYLIST")) {
      assertThat(result)
          .isInstanceOfSatisfying(
              IntakeResult.Playlist.class,
              p -> {
                assertThat(p.playlistId()).isEqualTo(playlistId);
                assertThat(p.sourceType()).isEqualTo(SourceType.YOUTUBE);
                assertThat(p.uri())
                    .hasToString("https://www.youtube.com/playlist?list=" + playlistId);
                assertThat(p.refusal().reason()).isEqualTo(RefusalReason.PLAYLIST_NOT_SUPPORTED);
              });
    } else {
      IntakeResult.Accepted accepted = accepted(url);
      assertThat(accepted.mediaId()).contains(mediaId);
      assertThat(accepted.playlistId()).contains(playlistId);
      assertThat(accepted.uri())
          .as("the one video is fetched, never the list")
          .hasToString("https://www.youtube.com/watch?v=" + mediaId);
    }
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvFileSource(resources = "/intake/facebook-links.csv", delimiter = '|')
  @DisplayName("Facebook links normalise to the canonical video URL when the id is in the link")
  void facebookLinks(String url, String normalized, String mediaId) {
    IntakeResult.Accepted accepted = accepted(url);

    assertThat(accepted.sourceType()).isEqualTo(SourceType.FACEBOOK);
    assertThat(accepted.normalizedUrl()).isEqualTo(normalized);
    assertThat(accepted.mediaId()).isEqualTo(Optional.ofNullable(mediaId));
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvFileSource(resources = "/intake/archive-links.csv", delimiter = '|')
  @DisplayName("Archive.org links normalise to details/<identifier>[/file]")
  void archiveLinks(String url, String normalized, String identifier) {
    IntakeResult.Accepted accepted = accepted(url);

    assertThat(accepted.sourceType()).isEqualTo(SourceType.ARCHIVE);
    assertThat(accepted.normalizedUrl()).isEqualTo(normalized);
    assertThat(accepted.mediaId()).contains(identifier);
  }

  @ParameterizedTest(name = "[{index}] {0}")
  @CsvFileSource(resources = "/intake/generic-links.csv", delimiter = '|')
  @DisplayName("lecture sites and direct media links keep their URL, cleaned")
  void genericLinks(String url, SourceType source, String normalized) {
    IntakeResult.Accepted accepted = accepted(url);

    assertThat(accepted.sourceType()).isEqualTo(source);
    assertThat(accepted.normalizedUrl()).isEqualTo(normalized);
    assertThat(accepted.mediaId()).isEmpty();
  }

  @ParameterizedTest(name = "[{index}] {0} -> {1}")
  @CsvFileSource(resources = "/intake/hostile-links.csv", delimiter = '|')
  @DisplayName("hostile and malformed links are refused with the right reason")
  void hostileLinks(String url, RefusalReason reason) {
    IntakeResult.Refused refused = refused(url);

    assertThat(refused.reason()).isEqualTo(reason);
    assertThat(refused.detail()).isNotBlank();
    assertThat(refused.input()).isEqualTo(url);
  }

  @Test
  void givenEveryShapeOfOneVideo_whenKeyed_thenTheJobKeysAreEqual() {
    List<String> shapes =
        List.of(
            "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
            "youtu.be/dQw4w9WgXcQ?si=x",
            "https://m.youtube.com/shorts/dQw4w9WgXcQ",
            "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ");

    List<JobKey> keys =
        shapes.stream()
            .map(u -> accepted(u).jobKey(JobType.VIDEO, Quality.P720))
            .distinct()
            .toList();

    assertThat(keys).hasSize(1);
    assertThat(accepted(shapes.get(0)).jobKey(JobType.AUDIO, Quality.AUDIO_128))
        .isNotEqualTo(keys.get(0));
  }

  @Test
  void givenAWatchLinkWithAPlaylist_whenAccepted_thenTheLinkToFetchIsTheSingleVideo() {
    assertThat(accepted("youtu.be/dQw4w9WgXcQ?list=PL123&index=2").uri().toString())
        .isEqualTo("https://www.youtube.com/watch?v=dQw4w9WgXcQ");
  }

  @Test
  void givenAGenericLink_whenAccepted_thenTheLinkToFetchKeepsEveryParameter() {
    assertThat(accepted("https://cdn.example.com/a.mp3?utm_source=x&si=signed#t").uri().toString())
        .isEqualTo("https://cdn.example.com/a.mp3?utm_source=x&si=signed#t");
  }

  @Test
  void givenHttpToAKnownSource_whenChecked_thenTheLinkToFetchIsUpgradedToHttps() {
    assertThat(accepted("http://archive.org/details/x").uri().toString())
        .isEqualTo("https://archive.org/details/x");
    assertThat(accepted("http://ar.islamway.net/lesson/1").uri().getScheme()).isEqualTo("https");
  }

  @Test
  void givenHttpToAGenericHost_whenHttpIsAllowed_thenItStaysHttp() {
    UrlIntake lenient =
        new UrlIntake(
            new IntakeSettings(true, false, List.of(), List.of("way2allah.com"), 5), NO_DNS);

    IntakeResult.Accepted accepted =
        (IntakeResult.Accepted) lenient.check("http://cdn.example.com/a.mp3");

    assertThat(accepted.uri().toString()).isEqualTo("http://cdn.example.com/a.mp3");
    assertThat(accepted.normalizedUrl()).isEqualTo("http://cdn.example.com/a.mp3");
  }

  @Test
  void givenExtraAllowedDomains_whenALinkWithoutMediaExtensionIsChecked_thenItIsGeneric() {
    UrlIntake withExtra =
        new UrlIntake(
            new IntakeSettings(false, false, List.of("*.Media.Example.org."), List.of(), 5),
            NO_DNS);

    assertThat(withExtra.check("https://cdn.media.example.org/stream?id=7"))
        .isInstanceOfSatisfying(
            IntakeResult.Accepted.class,
            a -> assertThat(a.sourceType()).isEqualTo(SourceType.GENERIC));
    assertThat(withExtra.check("https://media.example.org.evil.example/stream"))
        .isInstanceOfSatisfying(
            IntakeResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(RefusalReason.DOMAIN_NOT_ALLOWED));
  }

  @Test
  void givenAConfiguredLectureSite_whenChecked_thenItIsTariqAllahAndTheDefaultsAreGone() {
    UrlIntake custom =
        new UrlIntake(
            new IntakeSettings(false, false, List.of(), List.of("lectures.example"), 5), NO_DNS);

    assertThat(
            ((IntakeResult.Accepted) custom.check("https://www.lectures.example/t/1")).sourceType())
        .isEqualTo(SourceType.TARIQ_ALLAH);
    assertThat(((IntakeResult.Refused) custom.check("https://way2allah.com/x")).reason())
        .isEqualTo(RefusalReason.DOMAIN_NOT_ALLOWED);
  }

  @Test
  void givenPrivateAddressesAllowed_whenALocalMediaLinkIsChecked_thenItIsAccepted() {
    UrlIntake testing =
        new UrlIntake(new IntakeSettings(true, true, List.of(), List.of(), 5), NO_DNS);

    IntakeResult.Accepted accepted =
        (IntakeResult.Accepted) testing.check("http://127.0.0.1:8080/clip.mp4");

    assertThat(accepted.sourceType()).isEqualTo(SourceType.GENERIC);
    assertThat(accepted.normalizedUrl()).isEqualTo("http://127.0.0.1:8080/clip.mp4");
  }

  @Test
  void givenAHostResolvingToAPrivateAddress_whenCheckedWithDns_thenItIsRefused() throws Exception {
    InetAddress loopback = InetAddress.getByAddress(new byte[] {127, 0, 0, 1});
    UrlIntake rebinding = new UrlIntake(IntakeSettings.defaults(), host -> List.of(loopback));

    assertThat(rebinding.check("https://cdn.example.com/a.mp4"))
        .isInstanceOf(IntakeResult.Accepted.class);
    assertThat(rebinding.checkAndResolve("https://cdn.example.com/a.mp4"))
        .isInstanceOfSatisfying(
            IntakeResult.Refused.class,
            r -> {
              assertThat(r.reason()).isEqualTo(RefusalReason.PRIVATE_ADDRESS);
              assertThat(r.detail()).contains("127.0.0.1");
            });
  }

  @Test
  void givenAnUnresolvableHost_whenCheckedWithDns_thenItIsUnresolvable() {
    assertThat(intake.checkAndResolve("https://youtu.be/dQw4w9WgXcQ"))
        .isInstanceOfSatisfying(
            IntakeResult.Refused.class,
            r -> assertThat(r.reason()).isEqualTo(RefusalReason.UNRESOLVABLE));
  }

  private IntakeResult.Accepted accepted(String url) {
    IntakeResult result = intake.check(url);
    assertThat(result).as(url).isInstanceOf(IntakeResult.Accepted.class);
    return (IntakeResult.Accepted) result;
  }

  private IntakeResult.Refused refused(String url) {
    IntakeResult result = intake.check(url);
    assertThat(result).as(url).isInstanceOf(IntakeResult.Refused.class);
    return (IntakeResult.Refused) result;
  }
}
