package archiver.download.ytdlp;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.DownloadProgress;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ProgressParserTest {

  private static String line(String status, String... fields) {
    return ProgressParser.MARKER + " " + status + " " + String.join(" ", fields);
  }

  @Test
  void givenALineAsYtDlp2023PrintsIt_whenParsing_thenAllFieldsAreRead() {
    ProgressParser parser = new ProgressParser(Map.of());

    // copied from yt-dlp 2023.03.04 with this template: speed is a float, the estimate NA
    Optional<DownloadProgress> p =
        parser.parse(line("downloading", "7168", "17212", "NA", "6052903.376686129", "0", "137"));

    assertThat(p)
        .hasValue(
            new DownloadProgress(
                7168,
                OptionalLong.of(17212),
                OptionalDouble.of(6052903.376686129),
                OptionalLong.of(1))); // 10044 bytes left at 6 MB/s, rounded up
    assertThat(p.get().percent()).hasValue(41);
  }

  @Test
  void givenNaAndNoneFields_whenParsing_thenTheyAreEmpty() {
    ProgressParser parser = new ProgressParser(Map.of());

    Optional<DownloadProgress> p =
        parser.parse(line("downloading", "1024", "NA", "None", "NA", "None", "NA"));

    assertThat(p)
        .hasValue(
            new DownloadProgress(
                1024, OptionalLong.empty(), OptionalDouble.empty(), OptionalLong.empty()));
    assertThat(p.get().percent()).isEmpty();
  }

  @Test
  void givenOnlyAnEstimatedTotal_whenParsing_thenTheEstimateIsTheTotal() {
    ProgressParser parser = new ProgressParser(Map.of());

    // HLS/DASH fragments: total_bytes is NA, total_bytes_estimate a float
    Optional<DownloadProgress> p =
        parser.parse(line("downloading", "500000", "NA", "2000000.5", "250000.0", "6", "hls-720"));

    assertThat(p.map(DownloadProgress::totalBytes)).hasValue(OptionalLong.of(2000001));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "",
        "[download] Destination: /tmp/job/media.f137.mp4",
        "[Merger] Merging formats into \"/tmp/job/media.mp4\"",
        "[archiver-progress]",
        "[archiver-progress] downloading 12 34",
        "[archiver-progress] error NA NA NA NA NA 137",
        "[archiver-progress] downloading twelve 34 NA NA NA 137",
        "[archiver-progress] downloading -5 34 NA NA NA 137",
        "WARNING: [archiver-progress] is not a progress line without fields",
      })
  void givenGarbage_whenParsing_thenItIsIgnored(String garbage) {
    assertThat(new ProgressParser(Map.of()).parse(garbage)).isEmpty();
  }

  @Test
  void givenVideoThenAudioPart_whenParsing_thenProgressIsOverallAndNeverGoesBack() {
    ProgressParser parser = new ProgressParser(Map.of());
    List<DownloadProgress> seen = new ArrayList<>();
    for (String l :
        List.of(
            line("downloading", "1024", "17212", "NA", "NA", "NA", "137"),
            line("downloading", "17212", "17212", "NA", "9e6", "0", "137"),
            line("finished", "17212", "17212", "NA", "2.5e6", "NA", "137"),
            line("downloading", "1024", "25809", "NA", "NA", "NA", "140"),
            line("downloading", "25809", "25809", "NA", "NA", "NA", "140"),
            line("finished", "25809", "25809", "NA", "NA", "NA", "140"))) {
      parser.parse(l).ifPresent(seen::add);
    }

    assertThat(seen)
        .extracting(DownloadProgress::downloadedBytes)
        .containsExactly(1024L, 17212L, 17212L, 17212L + 1024, 17212L + 25809, 17212L + 25809);
    assertThat(seen)
        .extracting(p -> p.totalBytes().getAsLong())
        .containsExactly(17212L, 17212L, 17212L, 43021L, 43021L, 43021L);
    assertThat(seen.get(seen.size() - 1).percent()).hasValue(100);
  }

  @Test
  void givenPartEstimates_whenTheAudioPartStarts_thenThePercentageDoesNotDrop() {
    ProgressParser parser =
        new ProgressParser(Map.of("137", OptionalLong.of(17212), "140", OptionalLong.of(25809)));
    List<Integer> percents = new ArrayList<>();
    for (String l :
        List.of(
            line("downloading", "17212", "17212", "NA", "NA", "NA", "137"),
            line("finished", "17212", "17212", "NA", "NA", "NA", "137"),
            line("downloading", "1024", "25809", "NA", "NA", "NA", "140"),
            line("finished", "25809", "25809", "NA", "NA", "NA", "140"))) {
      parser.parse(l).ifPresent(p -> percents.add(p.percent().getAsInt()));
    }

    assertThat(percents).containsExactly(40, 40, 42, 100).isSorted();
  }

  @Test
  void givenAPartRestartingFromZero_whenParsing_thenDownloadedBytesDoNotGoBack() {
    ProgressParser parser = new ProgressParser(Map.of());

    parser.parse(line("downloading", "9000", "10000", "NA", "NA", "NA", "18"));
    Optional<DownloadProgress> afterRestart =
        parser.parse(line("downloading", "100", "10000", "NA", "NA", "NA", "18"));

    assertThat(afterRestart.map(DownloadProgress::downloadedBytes)).hasValue(9000L);
  }

  @Test
  void givenPartsWithoutFormatIds_whenAFinishedPartIsFollowedByANewOne_thenTheyAdd() {
    ProgressParser parser = new ProgressParser(Map.of());

    parser.parse(line("finished", "100", "100", "NA", "NA", "NA", "NA"));
    Optional<DownloadProgress> second =
        parser.parse(line("downloading", "50", "200", "NA", "NA", "NA", "NA"));

    assertThat(second.map(DownloadProgress::downloadedBytes)).hasValue(150L);
    assertThat(second.map(p -> p.totalBytes().getAsLong())).hasValue(300L);
  }

  @Test
  void givenSpeedAndTotal_whenParsing_thenEtaIsForTheWholeDownload() {
    ProgressParser parser =
        new ProgressParser(Map.of("137", OptionalLong.of(4000), "140", OptionalLong.of(6000)));

    Optional<DownloadProgress> p =
        parser.parse(line("downloading", "2000", "4000", "NA", "1000.0", "2", "137"));

    // 8000 bytes left at 1000 B/s, not the part's 2 s
    assertThat(p.map(DownloadProgress::etaSeconds)).hasValue(OptionalLong.of(8));
  }

  @Test
  void givenEstimatesThatWereWrong_whenRealSizesArrive_thenTheTotalFollowsAndEndsAt100() {
    // filesize_approx said 30000 + 30000; the server sends 17212 + 25809
    ProgressParser parser =
        new ProgressParser(Map.of("137", OptionalLong.of(30000), "140", OptionalLong.of(30000)));
    List<DownloadProgress> seen = new ArrayList<>();
    for (String l :
        List.of(
            line("downloading", "1024", "17212", "NA", "NA", "NA", "137"),
            line("finished", "17212", "17212", "NA", "NA", "NA", "137"),
            line("downloading", "1024", "25809", "NA", "NA", "NA", "140"),
            line("finished", "25809", "25809", "NA", "NA", "NA", "140"))) {
      parser.parse(l).ifPresent(seen::add);
    }

    assertThat(seen)
        .extracting(p -> p.totalBytes().getAsLong())
        .containsExactly(47212L, 47212L, 43021L, 43021L);
    assertThat(seen.get(3).percent()).hasValue(100);
  }

  @Test
  void givenAPartWhoseSizeIsUnknown_whenParsing_thenTheTotalIsUnknown() {
    ProgressParser parser =
        new ProgressParser(Map.of("137", OptionalLong.of(4000), "140", OptionalLong.empty()));

    Optional<DownloadProgress> p =
        parser.parse(line("downloading", "2000", "4000", "NA", "1000.0", "2", "137"));

    assertThat(p.map(DownloadProgress::totalBytes)).hasValue(OptionalLong.empty());
    assertThat(p.map(DownloadProgress::etaSeconds)).hasValue(OptionalLong.of(2));
  }

  @Test
  void givenATotalSmallerThanWhatArrived_whenParsing_thenTheTotalIsRaised() {
    ProgressParser parser = new ProgressParser(Map.of("18", OptionalLong.of(1000)));

    Optional<DownloadProgress> p =
        parser.parse(line("downloading", "1500", "NA", "NA", "NA", "NA", "18"));

    assertThat(p.map(x -> x.totalBytes().getAsLong())).hasValue(1500L);
    assertThat(p.get().percent()).hasValue(100);
  }

  @Test
  void givenTheTemplate_whenInspected_thenItIsADownloadTemplateWithTheMarker() {
    assertThat(ProgressParser.TEMPLATE).startsWith("download:" + ProgressParser.MARKER);
    assertThat(
            ProgressParser.isProgressLine(
                "\r" + line("downloading", "1", "2", "NA", "NA", "NA", "1")))
        .isTrue();
  }
}
