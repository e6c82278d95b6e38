package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessSpec;
import archiver.download.process.SystemProcessRunner;
import archiver.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OutputValidatorIT {

  private static final long MAX_BYTES = 50L * 1024 * 1024;

  @TempDir Path dir;

  private final SystemProcessRunner runner = new SystemProcessRunner();
  private final MediaTools tools = new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath());
  private final OutputValidator validator =
      new OutputValidator(new Ffprobe(runner, tools, Duration.ofSeconds(30)));

  @Test
  void givenH264AacMp4WithIndexAtTheEnd_whenValidated_thenValidButNotFaststart() throws Exception {
    Path file = TestMedia.h264AacMp4(dir, 2, 320, 240);

    ValidationResult result = validator.validate(file, JobType.VIDEO, MAX_BYTES);

    assertThat(result).isInstanceOf(ValidationResult.Valid.class);
    ValidationResult.Valid valid = (ValidationResult.Valid) result;
    assertThat(valid.faststart()).isFalse();
    assertThat(valid.info().codecSummary()).isEqualTo("h264 320x240 + aac");
    assertThat(valid.info().sizeBytes()).isEqualTo(Files.size(file));
  }

  @Test
  void givenFaststartMp4_whenValidated_thenFaststart() throws Exception {
    Path file = faststartCopy(TestMedia.h264AacMp4(dir, 2, 320, 240));

    ValidationResult result = validator.validate(file, JobType.VIDEO, MAX_BYTES);

    assertThat(result).isInstanceOf(ValidationResult.Valid.class);
    assertThat(((ValidationResult.Valid) result).faststart()).isTrue();
  }

  @Test
  void givenVideoWithoutAudio_whenValidatedAsVideo_thenValid() throws Exception {
    Path file = TestMedia.h264VideoOnlyMp4(dir, 2, 320, 240);

    assertThat(validator.validate(file, JobType.VIDEO, MAX_BYTES))
        .isInstanceOf(ValidationResult.Valid.class);
  }

  @Test
  void givenMissingFile_whenValidated_thenUnknown() throws Exception {
    Path file = dir.resolve("never-written.mp4");

    ValidationResult result = validator.validate(file, JobType.VIDEO, MAX_BYTES);

    assertThat(result)
        .isEqualTo(new ValidationResult.Invalid(ErrorType.UNKNOWN, "output file missing: " + file));
  }

  @Test
  void givenFileOneByteOverTheLimit_whenValidated_thenSizeLimitNamingSizeAndLimit()
      throws Exception {
    Path file = TestMedia.aacM4a(dir, 2);
    long size = Files.size(file);

    ValidationResult result = validator.validate(file, JobType.AUDIO, size - 1);

    assertThat(result)
        .isEqualTo(
            new ValidationResult.Invalid(
                ErrorType.SIZE_LIMIT,
                "output is " + size + " bytes, over the limit of " + (size - 1) + " bytes"));
    assertThat(validator.validate(file, JobType.AUDIO, size))
        .isInstanceOf(ValidationResult.Valid.class);
  }

  @Test
  void givenVp9Webm_whenValidatedAsVideo_thenUnknownBecauseTelegramWouldNotPlayIt()
      throws Exception {
    Path file = TestMedia.vp9OpusWebm(dir, 2, 320, 240);

    assertInvalid(file, JobType.VIDEO, "video output is not MP4 (found vp9 320x240 + opus)");
  }

  @Test
  void givenAv1Mp4_whenValidatedAsVideo_thenUnknownBecauseItIsNotH264() throws Exception {
    Path file = TestMedia.av1VideoOnlyMp4(dir, 2, 320, 240);

    assertInvalid(
        file,
        JobType.VIDEO,
        "video output needs exactly one H.264 video stream (found av1 320x240)");
  }

  @Test
  void givenAudioOnlyM4a_whenValidatedAsVideo_thenUnknown() throws Exception {
    Path file = TestMedia.aacM4a(dir, 2);

    assertInvalid(
        file, JobType.VIDEO, "video output needs exactly one H.264 video stream (found aac)");
  }

  @Test
  void givenVideo_whenValidatedAsAudio_thenUnknown() throws Exception {
    Path file = TestMedia.h264AacMp4(dir, 2, 320, 240);

    assertInvalid(
        file, JobType.AUDIO, "audio output has a video stream (found h264 320x240 + aac)");
  }

  @Test
  void givenOpus_whenValidatedAsAudio_thenUnknown() throws Exception {
    Path file = TestMedia.opusWebmAudioOnly(dir, 2);

    assertInvalid(
        file, JobType.AUDIO, "audio output needs exactly one AAC or MP3 audio stream (found opus)");
  }

  @Test
  void givenMp4WithStreamsButNoSamples_whenValidated_thenUnknownForZeroDuration() throws Exception {
    Path file = emptyFragmentedMp4();

    assertInvalid(file, JobType.VIDEO, "output has no duration (found h264 320x240 + aac)");
  }

  @Test
  void givenGarbageOrEmptyFile_whenValidated_thenUnknown() throws Exception {
    byte[] noise = new byte[4096];
    new Random(7).nextBytes(noise);
    Path garbage = Files.write(dir.resolve("garbage.mp4"), noise);
    Path empty = Files.write(dir.resolve("empty.m4a"), new byte[0]);

    for (Path file : List.of(garbage, empty)) {
      ValidationResult result = validator.validate(file, JobType.VIDEO, MAX_BYTES);
      assertThat(result).isInstanceOf(ValidationResult.Invalid.class);
      ValidationResult.Invalid invalid = (ValidationResult.Invalid) result;
      assertThat(invalid.errorType()).isEqualTo(ErrorType.UNKNOWN);
      assertThat(invalid.message()).startsWith("output unreadable: ");
    }
  }

  private void assertInvalid(Path file, JobType type, String message) throws Exception {
    assertThat(validator.validate(file, type, MAX_BYTES))
        .isEqualTo(new ValidationResult.Invalid(ErrorType.UNKNOWN, message));
  }

  private Path faststartCopy(Path input) throws IOException, InterruptedException {
    Path out = dir.resolve("faststart.mp4");
    ffmpeg("-i", input.toString(), "-c", "copy", "-movflags", "+faststart", out.toString());
    return out;
  }

  /** An MP4 whose H.264 and AAC tracks are declared but hold no sample: duration 0 / N/A. */
  private Path emptyFragmentedMp4() throws IOException, InterruptedException {
    Path out = dir.resolve("empty-tracks.mp4");
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:duration=1",
        "-f",
        "lavfi",
        "-i",
        "sine=duration=1",
        "-frames:v",
        "0",
        "-frames:a",
        "0",
        "-c:v",
        "libx264",
        "-c:a",
        "aac",
        "-movflags",
        "+frag_keyframe+empty_moov",
        "-f",
        "mp4",
        out.toString());
    return out;
  }

  private void ffmpeg(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(tools.ffmpeg(), "-nostdin", "-v", "error", "-y"));
    command.addAll(List.of(args));
    ProcessResult result = runner.run(ProcessSpec.of(command, Duration.ofSeconds(30)));
    assertThat(result.succeeded()).as(result.stderr()).isTrue();
  }
}
