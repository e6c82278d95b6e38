package archiver.download.ytdlp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.domain.ErrorType;
import archiver.domain.Quality;
import archiver.download.ytdlp.FormatSelector.Chosen;
import archiver.download.ytdlp.FormatSelector.Rejected;
import archiver.download.ytdlp.FormatSelector.Selection;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FormatSelectorTest {

  private static final long NO_LIMIT = Long.MAX_VALUE;

  private final FormatSelector selector = new FormatSelector();
  private final YtDlpInfo youtube = youtubeInfo();

  @ParameterizedTest(name = "{0} within {1} bytes -> {2}: {3}")
  @CsvSource(
      delimiter = '|',
      textBlock =
          """
          # quality  | maxBytes | spec    | why
          BEST       | none     | 137+140 | H.264 1080p wins over the AV1 and VP9 1080p
          P1080      | none     | 137+140 | the same at the 1080p cap
          P720       | none     | 136+140 | avc1 over vp9 at the same height
          P480       | none     | 135+140 | size from filesize_approx
          P360       | none     | 18      | the progressive format counts, higher bitrate
          AUDIO_BEST | none     | 140     | AAC 129.5k over Opus 160k
          AUDIO_128  | none     | 140     | YouTube's 128k is 129.5 kbit/s
          AUDIO_64   | none     | 139     | AAC 48.8k over Opus 50k
          BEST       | 52428800 | 136+140 | 1080p is 83 MB: the best under 50 MB is 720p
          P1080      | 20000000 | 135+139 | 480p fits with the small audio only
          AUDIO_BEST | 2000000  | 139     | 140 is 3.4 MB
          """)
  void givenYoutubeFormats_whenChoosing_thenPicksTheBestPlayableThatFits(
      Quality quality, String limit, String expectedSpec, String why) {
    long maxBytes = limit.equals("none") ? NO_LIMIT : Long.parseLong(limit);

    Selection selection = selector.choose(youtube, quality, maxBytes);

    assertThat(selection).as(why).isInstanceOf(Chosen.class);
    Chosen chosen = (Chosen) selection;
    assertThat(chosen.formatSpec()).as(why).isEqualTo(expectedSpec);
    assertThat(chosen.needsTranscode()).isFalse();
    assertThat(chosen.estimatedBytes()).isPresent();
    assertThat(chosen.estimatedBytes().getAsLong()).isLessThanOrEqualTo(maxBytes);
  }

  @ParameterizedTest(name = "720p with a limit of its size {0} byte(s) -> {1}")
  // One byte under: still 720p, with the smaller audio (48k) rather than a lower picture.
  @CsvSource({"0, 136+140", "1, 136+140", "-1, 136+139"})
  void givenTheLimitAtJustAboveOrJustUnderTheAskedSize_thenTheAskedQualityFitsExactlyUpToTheLimit(
      long offset, String expectedSpec) {
    long size720 = 37_100_000L + 3_432_000L;

    Chosen chosen = (Chosen) selector.choose(youtube, Quality.P720, size720 + offset);

    assertThat(chosen.formatSpec()).isEqualTo(expectedSpec);
    assertThat(chosen.estimatedBytes().getAsLong()).isLessThanOrEqualTo(size720 + offset);
  }

  @Test
  void givenAVideoAudioPair_whenChosen_thenSizeIsTheSumAndBothFormatsAreNamed() {
    Chosen chosen = (Chosen) selector.choose(youtube, Quality.P720, NO_LIMIT);

    assertThat(chosen.estimatedBytes()).hasValue(37_100_000L + 3_432_000L);
    assertThat(chosen.video()).map(YtDlpFormat::formatId).hasValue("136");
    assertThat(chosen.audio()).map(YtDlpFormat::formatId).hasValue("140");
  }

  @Test
  void whenTheLimitForcesALowerQuality_thenTheChoiceSaysWhatWouldNotFit() {
    Chosen chosen = (Chosen) selector.choose(youtube, Quality.P720, 20_000_000);

    assertThat(chosen.formatSpec()).isEqualTo("135+139");
    assertThat(chosen.smaller())
        .hasValueSatisfying(
            s -> {
              assertThat(s.wanted()).isEqualTo("720p");
              assertThat(s.wantedBytes()).isEqualTo(37_100_000L + 3_432_000L);
              assertThat(s.chosen()).isEqualTo("480p");
            });
    assertThat(((Chosen) selector.choose(youtube, Quality.P720, NO_LIMIT)).smaller())
        .as("nothing smaller than asked without a limit")
        .isEmpty();
  }

  @Test
  void givenOnlyABitrate_whenEstimating_thenBitrateTimesDurationIsUsed() {
    YtDlpFormat vp9At480 = youtube.format("244").orElseThrow();

    // 520 kbit/s for 212 s
    assertThat(vp9At480.estimatedBytes(youtube.durationSeconds()))
        .hasValue(Math.round(520 * 1000 / 8.0 * 212));
  }

  @Test
  void givenALimitNothingFits_whenChoosing_thenSizeLimitNamesTheSmallestEstimate() {
    Selection selection = selector.choose(youtube, Quality.BEST, 1_000_000);

    assertThat(selection).isInstanceOf(Rejected.class);
    Rejected rejected = (Rejected) selection;
    assertThat(rejected.errorType()).isEqualTo(ErrorType.SIZE_LIMIT);
    // VP9 360p + 48k AAC: 7,420,000 + 1,296,000 bytes
    assertThat(rejected.message()).contains("243+139").contains("8.3 MB").contains("1.0 MB");
  }

  @Test
  void givenOnlyVideoFormats_whenAskingForAudio_thenFormatNotFound() {
    YtDlpInfo videoOnly = keep(youtube, YtDlpFormat::isVideoOnly);

    Selection selection = selector.choose(videoOnly, Quality.AUDIO_128, NO_LIMIT);

    assertThat(selection)
        .isEqualTo(new Rejected(ErrorType.FORMAT_NOT_FOUND, "no audio formats, only video"));
  }

  @Test
  void givenOnlyAudioFormats_whenAskingForVideo_thenFormatNotFound() {
    YtDlpInfo audioOnly = keep(youtube, YtDlpFormat::isAudioOnly);

    Selection selection = selector.choose(audioOnly, Quality.P720, NO_LIMIT);

    assertThat(selection)
        .isEqualTo(new Rejected(ErrorType.FORMAT_NOT_FOUND, "no video formats, only audio"));
  }

  @Test
  void givenOnlyHeightsAboveTheQuality_whenChoosing_thenFormatNotFoundRatherThanAHigherOne() {
    YtDlpInfo hd = keep(youtube, f -> f.isAudioOnly() || f.height().orElse(0) >= 720);

    Selection selection = selector.choose(hd, Quality.P480, NO_LIMIT);

    assertThat(selection)
        .isEqualTo(
            new Rejected(
                ErrorType.FORMAT_NOT_FOUND,
                "no video format at or below 480p; the lowest is 720p"));
  }

  @Test
  void givenOnlyHigherAudioBitrates_whenAskingForAudio64_thenFormatNotFound() {
    YtDlpInfo rich = keep(youtube, f -> f.formatId().equals("140") || f.formatId().equals("251"));

    Selection selection = selector.choose(rich, Quality.AUDIO_64, NO_LIMIT);

    assertThat(selection)
        .isEqualTo(
            new Rejected(
                ErrorType.FORMAT_NOT_FOUND,
                "no audio at or below 64 kbit/s; the lowest is 130 kbit/s"));
  }

  @Test
  void givenNoH264_whenChoosingVideo_thenFallsBackToVp9AndNeedsTranscode() {
    YtDlpInfo noAvc =
        keep(youtube, f -> f.isAudioOnly() || f.vcodec().orElse("").startsWith("vp9"));

    Chosen chosen = (Chosen) selector.choose(noAvc, Quality.P720, NO_LIMIT);

    assertThat(chosen.formatSpec()).isEqualTo("247+140");
    assertThat(chosen.needsTranscode()).isTrue();
  }

  @Test
  void givenH264OnlyAtALowerHeight_whenChoosing_thenPlayableLowerHeightWinsOverVp9() {
    YtDlpInfo mixed =
        keep(
            youtube,
            f ->
                f.isAudioOnly()
                    || f.formatId().equals("134")
                    || f.vcodec().orElse("").startsWith("vp9"));

    Chosen chosen = (Chosen) selector.choose(mixed, Quality.P720, NO_LIMIT);

    assertThat(chosen.formatSpec()).isEqualTo("134+140");
    assertThat(chosen.needsTranscode()).isFalse();
  }

  @Test
  void givenOnlyOpus_whenChoosingAudio_thenOpusIsChosenForTranscoding() {
    YtDlpInfo opus = keep(youtube, f -> f.acodec().orElse("").equals("opus"));

    Chosen chosen = (Chosen) selector.choose(opus, Quality.AUDIO_128, NO_LIMIT);

    // 251 is 160k, above the 128k class
    assertThat(chosen.formatSpec()).isEqualTo("249");
    assertThat(chosen.needsTranscode()).isTrue();
    assertThat(chosen.video()).isEmpty();
  }

  @Test
  void givenAProgressiveSourceOnly_whenChoosingAudio_thenTheProgressiveFormatIsUsed() {
    YtDlpInfo progressive = keep(youtube, YtDlpFormat::isCombined);

    Chosen chosen = (Chosen) selector.choose(progressive, Quality.AUDIO_BEST, NO_LIMIT);

    assertThat(chosen.formatSpec()).isEqualTo("18");
    assertThat(chosen.needsTranscode()).isFalse();
  }

  @Test
  void givenTheStoryboardOnly_whenChoosing_thenNothingIsFound() {
    YtDlpInfo storyboard = keep(youtube, f -> f.formatId().equals("sb0"));

    assertThat(selector.choose(storyboard, Quality.BEST, NO_LIMIT))
        .isEqualTo(new Rejected(ErrorType.FORMAT_NOT_FOUND, "no formats to download"));
  }

  @Test
  void givenAPortraitVideo_whenLimitingTo1080p_thenTheShortSideCounts() {
    YtDlpInfo shorts =
        YtDlpInfo.parse(
            """
            {"id": "s", "title": "a short", "extractor": "youtube", "duration": 30,
             "formats": [
               {"format_id": "140", "vcodec": "none", "acodec": "mp4a.40.2", "abr": 129.5},
               {"format_id": "137", "vcodec": "avc1.640028", "acodec": "none",
                "width": 1080, "height": 1920, "tbr": 2500}]}
            """);

    assertThat(((Chosen) selector.choose(shorts, Quality.P1080, NO_LIMIT)).formatSpec())
        .isEqualTo("137+140");
  }

  @Test
  void givenADirectFileWithNothingKnown_whenChoosingVideoOrAudio_thenTheSingleFormatIsChosen() {
    YtDlpInfo direct =
        YtDlpInfo.parse(
            """
            {"id": "clip", "title": "clip", "direct": true, "extractor": "generic",
             "formats": [{"format_id": "mp4", "url": "http://127.0.0.1:1/clip.mp4",
                          "vcodec": null, "ext": "mp4", "protocol": "http"}]}
            """);

    for (Quality quality : List.of(Quality.BEST, Quality.P360, Quality.AUDIO_64)) {
      Selection selection = selector.choose(direct, quality, 1000);
      assertThat(selection).as(quality.code()).isInstanceOf(Chosen.class);
      Chosen chosen = (Chosen) selection;
      assertThat(chosen.formatSpec()).isEqualTo("mp4");
      assertThat(chosen.estimatedBytes()).isEqualTo(OptionalLong.empty());
      assertThat(chosen.needsTranscode()).as("ffprobe decides later").isFalse();
    }
  }

  @Test
  void givenADirectMp3_whenChoosingAudio_thenItIsChosenAndVideoIsRefused() {
    // yt-dlp's generic extractor marks audio/* links with vcodec "none"
    YtDlpInfo mp3 =
        YtDlpInfo.parse(
            """
            {"id": "talk", "title": "talk", "extractor": "generic",
             "formats": [{"format_id": "mp3", "ext": "mp3", "vcodec": "none",
                          "url": "http://127.0.0.1:1/talk.mp3"}]}
            """);

    assertThat(((Chosen) selector.choose(mp3, Quality.AUDIO_128, 1000)).formatSpec())
        .isEqualTo("mp3");
    assertThat(selector.choose(mp3, Quality.P720, 1000))
        .isInstanceOf(Rejected.class)
        .extracting(r -> ((Rejected) r).errorType())
        .isEqualTo(ErrorType.FORMAT_NOT_FOUND);
  }

  @Test
  void givenAZeroLimit_whenChoosing_thenItIsAProgrammingError() {
    assertThatThrownBy(() -> selector.choose(youtube, Quality.BEST, 0))
        .isInstanceOf(IllegalArgumentException.class);
  }

  static YtDlpInfo youtubeInfo() {
    try (InputStream in =
        FormatSelectorTest.class.getResourceAsStream("/ytdlp/youtube-info.json")) {
      return YtDlpInfo.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }

  private static YtDlpInfo keep(YtDlpInfo info, Predicate<YtDlpFormat> which) {
    return new YtDlpInfo(
        info.id(),
        info.title(),
        info.uploader(),
        info.channel(),
        info.durationSeconds(),
        info.thumbnail(),
        info.webpageUrl(),
        info.extractor(),
        info.formats().stream().filter(which).toList(),
        info.rawJson());
  }
}
