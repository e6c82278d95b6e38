package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.offset;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import archiver.download.process.SystemProcessRunner;
import archiver.testing.TestMedia;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SplitterIT {

  /** The cloud Bot API's upload limit. */
  private static final long LIMIT = 50L * 1024 * 1024;

  @TempDir Path dir;

  private final SystemProcessRunner runner = new SystemProcessRunner();
  private final MediaTools tools = new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath());
  private final Ffprobe ffprobe = new Ffprobe(runner, tools, Duration.ofSeconds(30));
  private final Splitter splitter = new Splitter(runner, tools, ffprobe, Duration.ofSeconds(120));
  private final OutputValidator validator = new OutputValidator(ffprobe);

  @Test
  void givenA70MbVideo_whenSplitAt50MiB_thenEachPartFitsPlaysInlineAndHoldsTheSameVideoPackets()
      throws Exception {
    Path input = TestMedia.largeH264AacMp4(dir, 70_000_000);
    MediaInfo source = probe(input);
    Path out = dir.resolve("out");

    SplitResult.Split split = split(new SplitRequest(input, out, "lecture", LIMIT, 10));

    List<SplitResult.Part> parts = split.parts();
    assertThat(parts).hasSizeGreaterThanOrEqualTo(2);
    double total = 0;
    for (SplitResult.Part part : parts) {
      assertThat(part.count()).isEqualTo(parts.size());
      assertThat(part.file()).isEqualTo(out.resolve("lecture.part" + part.index() + ".mp4"));
      assertThat(part.sizeBytes()).isEqualTo(Files.size(part.file())).isLessThanOrEqualTo(LIMIT);
      assertThat(part.info().codecSummary()).isEqualTo("h264 640x360 + aac");
      assertThat(valid(part.file(), JobType.VIDEO).faststart()).isTrue();
      assertThumbnail(part.thumbnail().orElseThrow());
      total += part.durationSeconds();
    }
    assertThat(parts).extracting(SplitResult.Part::index).containsExactly(indices(parts.size()));
    assertThat(total).isCloseTo(source.durationSeconds(), offset(1.5));
    assertThat(parts.get(0).startSeconds()).isZero();
    assertThat(parts.get(1).startSeconds()).isGreaterThan(1.9);
    // Stream copy, not a transcode: every video packet of the source is in exactly one part,
    // byte for byte, in order.
    List<String> partPackets = new ArrayList<>();
    for (SplitResult.Part part : parts) {
      partPackets.addAll(videoPacketHashes(part.file()));
    }
    assertThat(partPackets).isEqualTo(videoPacketHashes(input));
    assertThat(fileNames(out)).doesNotContain(".split-").hasSize(2 * parts.size());
  }

  @Test
  void givenAVideoNeedingMorePartsThanAllowed_whenSplit_thenTooManyPartsAndNothingIsWritten()
      throws Exception {
    Path input = TestMedia.largeH264AacMp4(dir, 70_000_000);
    Path out = dir.resolve("out");

    SplitResult result = splitter.split(new SplitRequest(input, out, "lecture", LIMIT, 1));

    assertThat(result).isEqualTo(new SplitResult.TooManyParts(2));
    assertThat(fileNames(out)).isEmpty();
  }

  @Test
  void givenAPartThatComesOutOverTheLimit_whenSplit_thenTheFileIsCutAgainWithASmallerTarget()
      throws Exception {
    Path input = TestMedia.largeH264AacMp4(dir, 70_000_000);
    // The first cut's first part grows by 30 MB behind the splitter's back, as if the estimate
    // had been far off; the second cut is left alone.
    List<ProcessSpec> cuts = new ArrayList<>();
    ProcessRunner overshooting =
        (spec, stdout, stderr) -> {
          ProcessResult result = runner.run(spec, stdout, stderr);
          if (spec.command().contains("segment")) {
            cuts.add(spec);
            if (cuts.size() == 1) {
              Path first = Path.of(spec.command().getLast().replace("%03d", "000"));
              Files.write(first, new byte[30_000_000], StandardOpenOption.APPEND);
            }
          }
          return result;
        };
    Splitter splitter = new Splitter(overshooting, tools, ffprobe, Duration.ofSeconds(120));

    SplitResult result = splitter.split(new SplitRequest(input, dir.resolve("out"), "x", LIMIT, 5));

    assertThat(cuts).hasSize(2);
    assertThat(result).isInstanceOf(SplitResult.Split.class);
    assertThat(((SplitResult.Split) result).parts())
        .allMatch(part -> part.sizeBytes() <= LIMIT)
        .hasSize(2);
  }

  @Test
  void givenKeyframesFurtherApartThanTheLimit_whenSplit_thenSizeLimitAndNothingIsWritten()
      throws Exception {
    // 18 MB between two keyframes of this file.
    Path input = TestMedia.largeH264AacMp4(dir, 40_000_000);
    Path out = dir.resolve("out");

    SplitResult result = splitter.split(new SplitRequest(input, out, "x", 10_000_000, 10));

    assertThat(result).isInstanceOf(SplitResult.Failed.class);
    assertThat(((SplitResult.Failed) result).errorType()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(((SplitResult.Failed) result).message()).contains("between two keyframes");
    assertThat(fileNames(out)).isEmpty();
  }

  @Test
  void givenAVideoThatFits_whenSplit_thenItIsOnePart() throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 3, 320, 240);

    SplitResult.Split split = split(new SplitRequest(input, dir.resolve("out"), "clip", LIMIT, 5));

    assertThat(split.parts()).hasSize(1);
    SplitResult.Part part = split.parts().getFirst();
    assertThat(part.count()).isEqualTo(1);
    assertThat(part.durationSeconds()).isCloseTo(3.0, offset(0.1));
    assertThat(valid(part.file(), JobType.VIDEO).faststart()).isTrue();
  }

  @Test
  void givenATaggedMp3OverTheLimit_whenSplit_thenMp3PartsEachWithTheTagsAndTheCover()
      throws Exception {
    Path mp3 = TestMedia.longMp3(dir, 600);
    Path cover = TestMedia.jpeg(dir, 640, 480);
    Path input = TestMedia.tagged(dir, mp3, "Lecture 5", "A Teacher", cover);
    MediaInfo source = probe(input);
    long limit = 4_000_000;

    SplitResult.Split split = split(new SplitRequest(input, dir.resolve("out"), "talk", limit, 5));

    List<SplitResult.Part> parts = split.parts();
    assertThat(parts).hasSize(3);
    double total = 0;
    double previousStart = -1;
    for (SplitResult.Part part : parts) {
      assertThat(part.file()).hasFileName("talk.part" + part.index() + ".mp3");
      assertThat(part.sizeBytes()).isLessThanOrEqualTo(limit);
      MediaInfo info = valid(part.file(), JobType.AUDIO).info();
      assertThat(info.codecSummary()).isEqualTo("mp3");
      assertThat(info.tags())
          .containsEntry("title", "Lecture 5")
          .containsEntry("artist", "A Teacher");
      assertThat(info.coverArt()).map(StreamInfo::codecName).contains("mjpeg");
      assertThumbnail(part.thumbnail().orElseThrow());
      assertThat(part.startSeconds()).isGreaterThan(previousStart);
      previousStart = part.startSeconds();
      total += part.durationSeconds();
    }
    assertThat(total).isCloseTo(source.durationSeconds(), offset(1.5));
  }

  @Test
  void givenAnM4aOverTheLimit_whenSplit_thenFaststartM4aParts() throws Exception {
    Path input = TestMedia.aacM4a(dir, 300);
    MediaInfo source = probe(input);
    long limit = 2_000_000;

    SplitResult.Split split = split(new SplitRequest(input, dir.resolve("out"), "talk", limit, 5));

    assertThat(split.parts()).hasSize(3);
    double total = 0;
    for (SplitResult.Part part : split.parts()) {
      assertThat(part.file().getFileName().toString()).endsWith(".m4a");
      assertThat(part.sizeBytes()).isLessThanOrEqualTo(limit);
      assertThat(valid(part.file(), JobType.AUDIO).faststart()).isTrue();
      assertThat(part.thumbnail()).isEmpty();
      total += part.durationSeconds();
    }
    assertThat(total).isCloseTo(source.durationSeconds(), offset(1.5));
  }

  @Test
  void givenVp9Webm_whenSplit_thenFormatNotFoundBecauseOnlyPlayableFilesAreCut() throws Exception {
    Path input = TestMedia.vp9OpusWebm(dir, 2, 320, 240);

    SplitResult result = splitter.split(new SplitRequest(input, dir.resolve("out"), "x", LIMIT, 5));

    assertThat(result).isInstanceOf(SplitResult.Failed.class);
    assertThat(((SplitResult.Failed) result).errorType()).isEqualTo(ErrorType.FORMAT_NOT_FOUND);
  }

  private SplitResult.Split split(SplitRequest request) throws InterruptedException {
    SplitResult result = splitter.split(request);
    assertThat(result).isInstanceOf(SplitResult.Split.class);
    return (SplitResult.Split) result;
  }

  private MediaInfo probe(Path file) throws InterruptedException {
    ProbeResult result = ffprobe.probe(file);
    assertThat(result).isInstanceOf(ProbeResult.Probed.class);
    return ((ProbeResult.Probed) result).info();
  }

  private ValidationResult.Valid valid(Path file, JobType type) throws InterruptedException {
    ValidationResult result = validator.validate(file, type, LIMIT);
    assertThat(result).isInstanceOf(ValidationResult.Valid.class);
    return (ValidationResult.Valid) result;
  }

  private void assertThumbnail(Path thumbnail) throws Exception {
    assertThat(Files.size(thumbnail)).isLessThanOrEqualTo(ThumbnailMaker.TELEGRAM_MAX_BYTES);
    StreamInfo picture = probe(thumbnail).streams().getFirst();
    assertThat(picture.codecName()).isEqualTo("mjpeg");
    assertThat(Math.max(picture.width(), picture.height()))
        .isLessThanOrEqualTo(ThumbnailMaker.TELEGRAM_MAX_SIDE);
  }

  /** The MD5 of every video packet in file order. */
  private List<String> videoPacketHashes(Path file) throws IOException, InterruptedException {
    ProcessResult result =
        runner.run(
            new ProcessSpec(
                List.of(
                    tools.ffprobe(),
                    "-v",
                    "error",
                    "-select_streams",
                    "v:0",
                    "-show_data_hash",
                    "MD5",
                    "-show_entries",
                    "packet=data_hash",
                    "-of",
                    "csv=p=0",
                    file.toString()),
                null,
                Duration.ofSeconds(30),
                null,
                1024 * 1024));
    assertThat(result.succeeded()).as(result.stderr()).isTrue();
    return result.stdout().lines().filter(line -> !line.isBlank()).toList();
  }

  private static Integer[] indices(int count) {
    Integer[] indices = new Integer[count];
    for (int i = 0; i < count; i++) {
      indices[i] = i + 1;
    }
    return indices;
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
