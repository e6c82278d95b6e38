package archiver.core.batch;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.NewBatch;
import archiver.domain.SourceType;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import java.net.InetAddress;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * How {@link BatchService} tells a playlist from a single link, and what it makes of what the
 * reader says (docs/ARCHITECTURE.md, "Playlists").
 */
class BatchServiceLookTest {

  /** A reader that answers what it is told and remembers what it was asked. */
  private static final class ScriptedReader implements PlaylistReader {
    private final Listing answer;
    final List<String> asked = new ArrayList<>();

    ScriptedReader(Listing answer) {
      this.answer = answer;
    }

    @Override
    public Listing read(URI url, int maxItems) {
      return read(SourceType.GENERIC, url, maxItems);
    }

    @Override
    public Listing read(SourceType source, URI url, int maxItems) {
      asked.add(source + " " + url + " " + maxItems);
      return answer;
    }
  }

  private static final HostResolver PUBLIC =
      host -> List.of(InetAddress.getByAddress(host, new byte[] {93, (byte) 184, (byte) 216, 34}));

  private static BatchService service(PlaylistReader reader) {
    UrlIntake intake = new UrlIntake(IntakeSettings.defaults(), PUBLIC);
    return new BatchService(null, intake, reader, null, null, 50, null, null);
  }

  private static final PlaylistReader.Read TWO =
      new PlaylistReader.Read(
          "id",
          "Series",
          2,
          false,
          List.of(
              new NewBatch.Item("https://a/1.mp3", "One"),
              new NewBatch.Item("https://a/2.mp3", "Two")));

  @ParameterizedTest(name = "{0} is {1}")
  @CsvSource({
    "https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG, PLAYLIST",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG, PLAYLIST",
    "https://www.youtube.com/watch?v=dQw4w9WgXcQ, SINGLE",
    "https://archive.org/details/tafsir-series, MAYBE_PLAYLIST",
    "https://archive.org/details/tafsir-series/01.mp3, SINGLE",
    "https://way2allah.com/khotab-item-1234.htm, MAYBE_PLAYLIST",
    "https://media.example.org/talk.mp3, SINGLE",
    "ftp://example.org/x, SINGLE"
  })
  void tellsAPlaylistFromASingleLinkWithoutTheNetwork(String url, BatchService.LinkKind kind) {
    assertThat(service(new ScriptedReader(TWO)).kindOf(url)).isEqualTo(kind);
  }

  @Test
  void anArchiveItemOfSeveralRecordingsIsOfferedWithOnlyThisOneAndReadByItsSource()
      throws Exception {
    ScriptedReader reader = new ScriptedReader(TWO);
    BatchService.Looked looked = service(reader).look("https://archive.org/details/tafsir-series");

    assertThat(looked)
        .isInstanceOfSatisfying(
            BatchService.Offer.class,
            o -> {
              assertThat(o.items()).hasSize(2);
              assertThat(o.singleVideo()).contains("https://archive.org/details/tafsir-series");
            });
    assertThat(reader.asked)
        .containsExactly("ARCHIVE https://archive.org/details/tafsir-series 50");
  }

  @Test
  void aPageThatOnlyMayListRecordingsIsOneRecordingWhenItsListingFails() throws Exception {
    BatchService.Looked looked =
        service(new ScriptedReader(new PlaylistReader.Failed("HTTP Error 404")))
            .look("https://way2allah.com/khotab-item-1234.htm");

    assertThat(looked).isInstanceOf(BatchService.NotAPlaylist.class);
  }

  @Test
  void aYouTubePlaylistThatCannotBeReadIsSaidSoAndTheVideoItNamesIsLeft() throws Exception {
    BatchService.Looked looked =
        service(new ScriptedReader(new PlaylistReader.Failed("yt-dlp exited 1")))
            .look(
                "https://www.youtube.com/watch?v=dQw4w9WgXcQ&list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG");

    assertThat(looked)
        .isInstanceOfSatisfying(
            BatchService.Unreadable.class,
            u ->
                assertThat(u.singleVideo())
                    .contains("https://www.youtube.com/watch?v=dQw4w9WgXcQ"));
  }

  @Test
  void aSingleLinkIsNeverRead() throws Exception {
    ScriptedReader reader = new ScriptedReader(TWO);
    assertThat(service(reader).look("https://media.example.org/talk.mp3"))
        .isInstanceOf(BatchService.NotAPlaylist.class);
    assertThat(reader.asked).isEmpty();
  }

  @Test
  void anOfferKeepsTheReadersOrder() throws Exception {
    BatchService.Looked looked =
        service(new ScriptedReader(TWO))
            .look("https://www.youtube.com/playlist?list=PLx0sYbCqOb8TBPRdmBHs5Iftvv9TPboYG");
    assertThat(((BatchService.Offer) looked).items())
        .extracting(NewBatch.Item::title)
        .containsExactly("One", "Two");
  }
}
