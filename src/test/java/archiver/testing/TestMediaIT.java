package archiver.testing;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.download.media.Ffprobe;
import archiver.download.media.MediaInfo;
import archiver.download.media.MediaTools;
import archiver.download.media.ProbeResult;
import archiver.download.process.SystemProcessRunner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;

/** The fixtures other tests rely on hold what their names promise. */
class TestMediaIT {

  @TempDir Path dir;

  private final Ffprobe ffprobe =
      new Ffprobe(
          new SystemProcessRunner(),
          new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath()),
          Duration.ofSeconds(30));

  static Stream<Arguments> fixtures() {
    return Stream.of(
        fixture(
            "h264AacMp4", d -> TestMedia.h264AacMp4(d, 2, 320, 240), "mp4", "h264 320x240 + aac"),
        fixture(
            "h264VideoOnlyMp4",
            d -> TestMedia.h264VideoOnlyMp4(d, 2, 320, 240),
            "mp4",
            "h264 320x240"),
        fixture(
            "vp9OpusWebm",
            d -> TestMedia.vp9OpusWebm(d, 2, 320, 240),
            "webm",
            "vp9 320x240 + opus"),
        fixture(
            "vp9VideoOnlyWebm",
            d -> TestMedia.vp9VideoOnlyWebm(d, 2, 320, 240),
            "webm",
            "vp9 320x240"),
        fixture(
            "av1VideoOnlyMp4",
            d -> TestMedia.av1VideoOnlyMp4(d, 2, 320, 240),
            "mp4",
            "av1 320x240"),
        fixture("mp3", d -> TestMedia.mp3(d, 2), "mp3", "mp3"),
        fixture("aacM4a", d -> TestMedia.aacM4a(d, 2), "m4a", "aac"),
        fixture("aacAudioOnlyM4a", d -> TestMedia.aacAudioOnlyM4a(d, 2), "m4a", "aac"),
        fixture("opusWebmAudioOnly", d -> TestMedia.opusWebmAudioOnly(d, 2), "webm", "opus"));
  }

  private static Arguments fixture(
      String name, Function<Path, Path> make, String format, String codecs) {
    return Arguments.of(name, make, format, codecs);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("fixtures")
  void givenAFixture_whenProbed_thenItHoldsWhatItsNamePromises(
      String name, Function<Path, Path> make, String format, String codecs) throws Exception {
    Path file = make.apply(dir);

    MediaInfo info = ((ProbeResult.Probed) ffprobe.probe(file)).info();

    assertThat(info.formatNames()).contains(format);
    assertThat(info.codecSummary()).isEqualTo(codecs);
    assertThat(info.durationSeconds()).isBetween(1.9, 2.2);
  }

  @ParameterizedTest(name = "{0}x{1}")
  @CsvSource({"640, 480", "1280, 720"})
  void givenASize_whenAJpegIsMade_thenItHasThatSize(int width, int height) throws Exception {
    Path file = TestMedia.jpeg(dir, width, height);

    MediaInfo info = ((ProbeResult.Probed) ffprobe.probe(file)).info();

    assertThat(info.streams().get(0).codecName()).isEqualTo("mjpeg");
    assertThat(info.streams().get(0).width()).isEqualTo(width);
    assertThat(info.streams().get(0).height()).isEqualTo(height);
  }
}
