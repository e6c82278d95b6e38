package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.download.process.SystemProcessRunner;
import archiver.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AudioFitterIT {

  /** The cloud Bot API's upload limit. */
  private static final long LIMIT = 50L * 1024 * 1024;

  private static final int FLOOR_KBPS = 32;

  @TempDir Path dir;

  private final SystemProcessRunner runner = new SystemProcessRunner();
  private final MediaTools tools = new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath());
  private final Ffprobe ffprobe = new Ffprobe(runner, tools, Duration.ofSeconds(30));
  private final AudioFitter fitter =
      new AudioFitter(runner, tools, ffprobe, Duration.ofMinutes(10));
  private final OutputValidator validator = new OutputValidator(ffprobe);

  @Test
  void givenATwoHourMp3Of115Mb_whenFittedInto50MiB_thenOneAacM4aWithinTheLimitKeepsTagsAndCover()
      throws Exception {
    Path mp3 = TestMedia.longMp3(dir, 2 * 3600);
    Path cover = TestMedia.jpeg(dir, 640, 480);
    Path input = TestMedia.tagged(dir, mp3, "Lecture 5", "A Teacher", cover);
    MediaInfo source = probe(input);
    assertThat(source.sizeBytes()).isGreaterThan(100_000_000);

    FitResult.Fitted fitted =
        fitted(new FitRequest(input, dir.resolve("out"), "lecture", LIMIT, FLOOR_KBPS));

    assertThat(fitted.file()).isEqualTo(dir.resolve("out").resolve("lecture.m4a"));
    assertThat(fitted.bitrateKbps()).isEqualTo(48);
    assertThat(fitted.sizeBytes()).isEqualTo(Files.size(fitted.file())).isLessThanOrEqualTo(LIMIT);
    ValidationResult.Valid valid = valid(fitted.file());
    assertThat(valid.faststart()).isTrue();
    MediaInfo info = valid.info();
    assertThat(info.isFormat("mp4")).isTrue();
    StreamInfo audio = info.firstAudio().orElseThrow();
    assertThat(audio.codecName()).isEqualTo("aac");
    // 48 kbit/s is below 64: one channel keeps speech clearer than two halves.
    assertThat(audio.channels()).isEqualTo(1);
    assertThat(info.durationSeconds()).isCloseTo(source.durationSeconds(), offset(3.0));
    assertThat(info.tags())
        .containsEntry("title", "Lecture 5")
        .containsEntry("artist", "A Teacher");
    assertThat(info.coverArt()).map(StreamInfo::codecName).contains("mjpeg");
  }

  @Test
  void givenALimitBelowWhatTheFloorNeeds_whenFitted_thenBelowFloorAndNothingIsWritten()
      throws Exception {
    Path input = TestMedia.mp3(dir, 60);
    Path out = dir.resolve("out");

    // 60 s at 32 kbit/s is 240 kB of audio alone.
    FitResult result = fitter.fit(new FitRequest(input, out, "tone", 200_000, FLOOR_KBPS));

    assertThat(result).isInstanceOf(FitResult.BelowFloor.class);
    int needed = ((FitResult.BelowFloor) result).neededKbps();
    assertThat(needed).isLessThan(FLOOR_KBPS).isPositive();
    assertThat(fileNames(out)).isEmpty();
  }

  @Test
  void givenRoomToSpare_whenFitted_thenTheSourceBitrateIsNotExceededAndStereoIsKept()
      throws Exception {
    Path input = TestMedia.mp3(dir, 5);

    FitResult.Fitted fitted =
        fitted(new FitRequest(input, dir.resolve("out"), "tone", LIMIT, FLOOR_KBPS));

    assertThat(fitted.bitrateKbps()).isEqualTo(128);
    assertThat(fitted.info().firstAudio().orElseThrow().channels()).isEqualTo(2);
    assertThat(fitted.info().durationSeconds()).isCloseTo(5.0, offset(1.0));
  }

  @Test
  void givenAVideo_whenFitted_thenOnlyItsAudioIsKept() throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 3, 320, 240);

    FitResult.Fitted fitted =
        fitted(new FitRequest(input, dir.resolve("out"), "talk", LIMIT, FLOOR_KBPS));

    assertThat(fitted.info().codecSummary()).isEqualTo("aac");
    valid(fitted.file());
  }

  @Test
  void givenAVideoWithoutAudio_whenFitted_thenFormatNotFound() throws Exception {
    Path input = TestMedia.h264VideoOnlyMp4(dir, 2, 320, 240);

    FitResult result =
        fitter.fit(new FitRequest(input, dir.resolve("out"), "x", LIMIT, FLOOR_KBPS));

    assertThat(result)
        .isEqualTo(new FitResult.Failed(ErrorType.FORMAT_NOT_FOUND, "input has no audio stream"));
  }

  private FitResult.Fitted fitted(FitRequest request) throws InterruptedException {
    FitResult result = fitter.fit(request);
    assertThat(result).isInstanceOf(FitResult.Fitted.class);
    return (FitResult.Fitted) result;
  }

  private MediaInfo probe(Path file) throws InterruptedException {
    ProbeResult result = ffprobe.probe(file);
    assertThat(result).isInstanceOf(ProbeResult.Probed.class);
    return ((ProbeResult.Probed) result).info();
  }

  private ValidationResult.Valid valid(Path file) throws InterruptedException {
    ValidationResult result = validator.validate(file, JobType.AUDIO, LIMIT);
    assertThat(result).isInstanceOf(ValidationResult.Valid.class);
    return (ValidationResult.Valid) result;
  }

  private static List<String> fileNames(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }
}
