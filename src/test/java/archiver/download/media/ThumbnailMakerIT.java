package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.download.process.SystemProcessRunner;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ThumbnailMakerIT {

  @TempDir Path dir;

  private final SystemProcessRunner runner = new SystemProcessRunner();
  private final MediaTools tools = new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath());
  private final Ffmpeg ffmpeg = new Ffmpeg(runner, tools);
  private final Ffprobe ffprobe = new Ffprobe(runner, tools, Duration.ofSeconds(30));

  @Test
  void givenPortraitPicture_whenMadeIntoThumbnail_thenTheLongSideIs320() throws Exception {
    Path picture = TestMedia.jpeg(dir, 480, 1000);

    Path thumbnail = telegram().fromImage(picture, dir.resolve("t.jpg"), budget()).orElseThrow();

    assertThat(size(thumbnail)).isEqualTo("154x320");
    assertThat(Files.size(thumbnail)).isLessThanOrEqualTo(ThumbnailMaker.TELEGRAM_MAX_BYTES);
  }

  @Test
  void givenSmallPicture_whenMadeIntoThumbnail_thenItIsNotScaledUp() throws Exception {
    Path picture = TestMedia.jpeg(dir, 100, 60);

    Path thumbnail = telegram().fromImage(picture, dir.resolve("t.jpg"), budget()).orElseThrow();

    assertThat(size(thumbnail)).isEqualTo("100x60");
  }

  @Test
  void givenTightByteLimit_whenMadeIntoThumbnail_thenTheJpegQualityIsLoweredUntilItFits()
      throws Exception {
    Path picture = TestMedia.jpeg(dir, 1280, 720);
    Path first = telegram().fromImage(picture, dir.resolve("best.jpg"), budget()).orElseThrow();
    long bestQualityBytes = Files.size(first);
    long limit = bestQualityBytes / 2;

    Path thumbnail =
        new ThumbnailMaker(ffmpeg, 320, limit)
            .fromImage(picture, dir.resolve("small.jpg"), budget())
            .orElseThrow();

    assertThat(Files.size(thumbnail)).isLessThanOrEqualTo(limit);
    assertThat(size(thumbnail)).isEqualTo("320x180");
  }

  @Test
  void givenLimitNoJpegCanMeet_whenMadeIntoThumbnail_thenThereIsNoneAndNoPartialFile()
      throws Exception {
    Path picture = TestMedia.jpeg(dir, 640, 480);

    assertThat(
            new ThumbnailMaker(ffmpeg, 320, 100).fromImage(picture, dir.resolve("t.jpg"), budget()))
        .isEmpty();
    assertThat(dir.resolve("t.jpg")).doesNotExist();
    assertThat(dir.resolve("t.jpg.part")).doesNotExist();
  }

  @Test
  void givenUndecodablePicture_whenMadeIntoThumbnail_thenThereIsNone() throws Exception {
    Path picture = Files.writeString(dir.resolve("cover.webp"), "<html>not a picture</html>");

    assertThat(telegram().fromImage(picture, dir.resolve("t.jpg"), budget())).isEmpty();
  }

  @Test
  void givenNoTimeLeft_whenMadeIntoThumbnail_thenThereIsNone() throws Exception {
    Path picture = TestMedia.jpeg(dir, 640, 480);
    TimeBudget spent = budget();
    spent.spend(spent.total());

    assertThat(telegram().fromImage(picture, dir.resolve("t.jpg"), spent)).isEmpty();
  }

  private ThumbnailMaker telegram() {
    return ThumbnailMaker.forTelegram(ffmpeg);
  }

  private static TimeBudget budget() {
    return new TimeBudget(Duration.ofSeconds(30));
  }

  private String size(Path picture) throws InterruptedException {
    StreamInfo stream = ((ProbeResult.Probed) ffprobe.probe(picture)).info().streams().get(0);
    assertThat(stream.codecName()).isEqualTo("mjpeg");
    return stream.width() + "x" + stream.height();
  }
}
