package archiver.download.ytdlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class YtDlpInfoTest {

  @Test
  void givenTheYoutubeFixture_whenParsing_thenInfoAndFormatsAreTyped() {
    YtDlpInfo info = FormatSelectorTest.youtubeInfo();

    assertThat(info.id()).isEqualTo("LoCaLt3st01");
    assertThat(info.extractor()).isEqualTo("youtube");
    assertThat(info.durationSeconds()).isEqualTo(OptionalDouble.of(212));
    assertThat(info.performer()).hasValue("Archiver Tests");
    assertThat(info.formats()).hasSize(15);
    YtDlpFormat f137 = info.format("137").orElseThrow();
    assertThat(f137.vcodec()).hasValue("avc1.640028");
    assertThat(f137.acodec()).isEmpty();
    assertThat(f137.isVideoOnly()).isTrue();
    assertThat(f137.height()).isEqualTo(OptionalInt.of(1080));
    assertThat(f137.filesize()).isEqualTo(OptionalLong.of(79_500_000));
    assertThat(info.format("18").orElseThrow().isCombined()).isTrue();
    assertThat(info.format("140").orElseThrow().isAudioOnly()).isTrue();
    assertThat(info.format("sb0").orElseThrow())
        .satisfies(sb -> assertThat(sb.hasVideo() || sb.hasAudio()).isFalse());
  }

  @Test
  void givenOddlyTypedFields_whenParsing_thenTheyAreReadTolerantly() {
    YtDlpInfo info =
        YtDlpInfo.parse(
            """
            {"id": "x", "title": null, "duration": "61.5", "extractor": "facebook",
             "some_new_field": {"nested": [1, 2]},
             "formats": [{"format_id": "hd", "height": 720.0, "filesize_approx": 1.5e6,
                          "tbr": "NA", "fps": null, "vcodec": "h264", "acodec": "aac"}]}
            """);

    assertThat(info.title()).as("falls back to the id").isEqualTo("x");
    assertThat(info.durationSeconds()).isEqualTo(OptionalDouble.of(61.5));
    YtDlpFormat hd = info.formats().get(0);
    assertThat(hd.height()).isEqualTo(OptionalInt.of(720));
    assertThat(hd.filesizeApprox()).isEqualTo(OptionalLong.of(1_500_000));
    assertThat(hd.tbr()).isEmpty();
    assertThat(hd.hasH264Video()).isTrue();
    assertThat(hd.hasTelegramAudio()).isTrue();
  }

  @Test
  void givenASingleFormatResultWithoutAFormatsList_whenParsing_thenTheTopLevelIsTheFormat() {
    YtDlpInfo info =
        YtDlpInfo.parse(
            """
            {"id": "x", "title": "t", "extractor": "generic", "format_id": "0",
             "url": "http://127.0.0.1:1/x.mp3", "ext": "mp3", "vcodec": "none"}
            """);

    assertThat(info.formats())
        .singleElement()
        .satisfies(
            f -> {
              assertThat(f.formatId()).isEqualTo("0");
              assertThat(f.isAudioOnly()).isTrue();
            });
  }

  @Test
  void givenWhatYtDlpPrintsOnFailure_whenParsing_thenItIsRejected() {
    // -J prints "null" when extraction fails
    assertThatThrownBy(() -> YtDlpInfo.parse("null")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> YtDlpInfo.parse("{\"id\": "))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void givenAnInfo_whenPrinted_thenTheRawJsonIsLeftOut() {
    YtDlpInfo info = FormatSelectorTest.youtubeInfo();

    assertThat(info.toString()).contains("LoCaLt3st01").doesNotContain("http_headers");
  }
}
