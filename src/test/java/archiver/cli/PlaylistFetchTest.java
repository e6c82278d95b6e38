package archiver.cli;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.pipeline.ReadyMedia;
import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.download.media.MediaInfo;
import archiver.download.ytdlp.YtDlpPlaylists;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PlaylistFetchTest {

  private static YtDlpPlaylists.Item item(int index, String title) {
    return new YtDlpPlaylists.Item(index, title, URI.create("https://cdn.example.com/" + index));
  }

  private static ReadyMedia media(String fileName) {
    return new ReadyMedia(
        Path.of("/tmp/work", fileName),
        Optional.empty(),
        JobType.AUDIO,
        "whatever the file says",
        Optional.empty(),
        Optional.empty(),
        new MediaInfo(List.of("mp3"), 3, 10, 0, List.of(), Map.of()),
        10,
        false,
        false);
  }

  @Test
  void theSummaryCountsFetchedAndFailedItemsAndNamesEachFailureWithItsTypeAndReason() {
    List<PlaylistFetch.ItemOutcome> outcomes =
        List.of(
            new PlaylistFetch.Fetched(item(1, "Lecture 1"), List.of(Path.of("01 - Lecture 1.mp3"))),
            new PlaylistFetch.ItemFailed(
                item(2, "Lecture 2"), ErrorType.HTTP_ERROR, "HTTP 404 from the server"),
            new PlaylistFetch.Fetched(item(3, "Lecture 3"), List.of(Path.of("03 - Lecture 3.mp3"))),
            new PlaylistFetch.ItemFailed(
                item(4, "Lecture 4"),
                ErrorType.UNSUPPORTED_SOURCE,
                "refused: BAD_SCHEME: only http and https links"));

    assertThat(PlaylistFetch.summary(outcomes))
        .containsExactly(
            "summary: 2 of 4 fetched, 2 failed",
            "failed: 2/4 Lecture 2: HTTP_ERROR: HTTP 404 from the server",
            "failed: 4/4 Lecture 4: UNSUPPORTED_SOURCE: refused: BAD_SCHEME: only http and https"
                + " links");
  }

  @Test
  void whenEveryItemIsFetchedTheSummaryIsOneLine() {
    assertThat(
            PlaylistFetch.summary(
                List.of(new PlaylistFetch.Fetched(item(1, "Only"), List.of(Path.of("01 - Only"))))))
        .containsExactly("summary: 1 of 1 fetched, 0 failed");
  }

  @ParameterizedTest(name = "item {0} of {1}, part {3} of {4}: {5}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          1   | 3   | media.mp3 | 1 | 1 | 01 - Lecture.mp3
          3   | 3   | media.m4a | 1 | 1 | 03 - Lecture.m4a
          7   | 120 | media.mp4 | 1 | 1 | 007 - Lecture.mp4
          2   | 5   | x.part2.mp4 | 2 | 3 | 02 - Lecture - part 2.mp4
          """)
  void anItemIsNamedByItsPlaylistPositionAndListedTitleWithTheFilesExtension(
      int index, int total, String madeName, int part, int parts, String expected) {
    LinkFetch.Naming naming = PlaylistFetch.naming(item(index, "Lecture"), total);

    assertThat(naming.name(media(madeName), part, parts)).isEqualTo(expected);
  }
}
