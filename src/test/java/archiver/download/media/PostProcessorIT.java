package archiver.download.media;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.domain.Quality;
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
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class PostProcessorIT {

  private static final long MAX_BYTES = 50L * 1024 * 1024;

  @TempDir Path dir;

  private final SystemProcessRunner runner = new SystemProcessRunner();
  private final MediaTools tools = new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath());
  private final Ffprobe ffprobe = new Ffprobe(runner, tools, Duration.ofSeconds(30));
  private final PostProcessor postProcessor =
      new PostProcessor(runner, tools, ffprobe, Duration.ofSeconds(60));
  private final OutputValidator validator = new OutputValidator(ffprobe);

  @Test
  void givenH264AacMp4_whenProcessedAsVideo_thenItIsRemuxedToFaststartWithTheSameVideoBytes()
      throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 3, 320, 240);
    Path out = dir.resolve("out");

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P720, out, "clip"));

    assertThat(result.media()).isEqualTo(out.resolve("clip.mp4"));
    assertThat(result.reencoded()).isFalse();
    assertThat(videoHash(result.media())).isEqualTo(videoHash(input));
    assertThat(result.info().codecSummary()).isEqualTo("h264 320x240 + aac");
    assertThat(Mp4Boxes.isFaststart(input)).isFalse();
    assertThat(valid(result.media(), JobType.VIDEO).faststart()).isTrue();
    assertThat(fileNames(out)).containsExactlyInAnyOrder("clip.mp4", "clip.thumb.jpg");
  }

  @Test
  void givenH264WithOpusInMkv_whenProcessedAsVideo_thenTheVideoIsCopiedAndOnlyAudioEncoded()
      throws Exception {
    // What yt-dlp's merge of an avc1 video-only and an opus audio-only format yields.
    Path video = TestMedia.h264VideoOnlyMp4(dir, 2, 320, 240);
    Path audio = TestMedia.opusWebmAudioOnly(dir, 2);
    Path merged = dir.resolve("merged.mkv");
    ffmpeg(
        "-i",
        video.toString(),
        "-i",
        audio.toString(),
        "-map",
        "0:v",
        "-map",
        "1:a",
        "-c",
        "copy",
        merged.toString());

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(merged, Quality.P720, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isTrue();
    assertThat(result.info().codecSummary()).isEqualTo("h264 320x240 + aac");
    assertThat(videoHash(result.media())).isEqualTo(videoHash(video));
    valid(result.media(), JobType.VIDEO);
  }

  @Test
  void givenTenBitH264_whenProcessedAsVideo_thenItIsEncodedToEightBitBecausePhonesCannotPlayIt()
      throws Exception {
    Path hi10 = dir.resolve("hi10.mp4");
    ffmpeg(
        "-f",
        "lavfi",
        "-i",
        "testsrc2=size=320x240:duration=1",
        "-c:v",
        "libx264",
        "-preset",
        "ultrafast",
        "-pix_fmt",
        "yuv420p10le",
        hi10.toString());

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(hi10, Quality.P720, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isTrue();
    assertThat(result.info().firstVideo().orElseThrow().pixelFormat()).isEqualTo("yuv420p");
  }

  @Test
  void givenVp9OpusWebm_whenProcessedAt360p_thenItIsH264AacMp4NoTallerThan360() throws Exception {
    Path input = TestMedia.vp9OpusWebm(dir, 3, 640, 480);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P360, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isTrue();
    assertThat(result.media().getFileName().toString()).isEqualTo("clip.mp4");
    StreamInfo video = result.info().firstVideo().orElseThrow();
    assertThat(video.codecName()).isEqualTo("h264");
    assertThat(video.pixelFormat()).isEqualTo("yuv420p");
    assertThat(video.height()).isEqualTo(360);
    assertThat(video.width()).isEqualTo(480);
    assertThat(result.info().firstAudio().orElseThrow().codecName()).isEqualTo("aac");
    assertThat(result.info().durationSeconds()).isBetween(2.9, 3.2);
    ValidationResult.Valid valid = valid(result.media(), JobType.VIDEO);
    assertThat(valid.faststart()).isTrue();
  }

  @Test
  void givenSmallerVideoThanAsked_whenTranscoded_thenItIsNotScaledUp() throws Exception {
    Path input = TestMedia.vp9OpusWebm(dir, 2, 320, 240);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.BEST, dir.resolve("out"), "clip"));

    StreamInfo video = result.info().firstVideo().orElseThrow();
    assertThat(video.width()).isEqualTo(320);
    assertThat(video.height()).isEqualTo(240);
  }

  @Test
  void givenH264DirectFileAbove360p_whenProcessedAt360p_thenItIsEncodedDownTo360Lines()
      throws Exception {
    // A direct link has one format: nobody chose its height, so the post-processor honours 360p.
    Path input = TestMedia.h264AacMp4(dir, 1, 640, 480);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P360, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isTrue();
    assertThat(result.info().codecSummary()).isEqualTo("h264 480x360 + aac");
    assertThat(result.info().firstVideo().orElseThrow().pixelFormat()).isEqualTo("yuv420p");
    valid(result.media(), JobType.VIDEO);
  }

  @ParameterizedTest
  @EnumSource(
      value = Quality.class,
      names = {"P480", "P720", "BEST"})
  void givenH264WithinTheAskedQuality_whenProcessedAsVideo_thenTheVideoIsCopied(Quality quality)
      throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 1, 640, 480);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, quality, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isFalse();
    assertThat(result.info().codecSummary()).isEqualTo("h264 640x480 + aac");
    assertThat(videoHash(result.media())).isEqualTo(videoHash(input));
  }

  @Test
  void
      givenH264AboveTheDefault720p_whenProcessedAt720p_thenItIsCopiedBecause720pIsAlsoWhatNobodyChose()
          throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 1, 1280, 1080);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P720, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isFalse();
    assertThat(result.info().codecSummary()).isEqualTo("h264 1280x1080 + aac");
    assertThat(videoHash(result.media())).isEqualTo(videoHash(input));
  }

  @Test
  void givenPortraitH264_whenProcessedAt360p_thenItsShortSideBecomes360NotItsHeight()
      throws Exception {
    // A phone video: 480x854 is 480p as YouTube labels it, so 360p makes it 360x640, not 202x360.
    Path input = TestMedia.h264AacMp4(dir, 1, 480, 854);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P360, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isTrue();
    assertThat(result.info().codecSummary()).isEqualTo("h264 360x640 + aac");
  }

  @Test
  void givenPortraitH264WithinTheAskedQuality_whenProcessed_thenItIsCopiedThoughItIsTaller()
      throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 1, 360, 640);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P360, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isFalse();
    assertThat(videoHash(result.media())).isEqualTo(videoHash(input));
  }

  @Test
  void givenH264AFewLinesAbove360_whenProcessedAt360p_thenItCountsAs360pAndIsCopied()
      throws Exception {
    // 368 lines are 2.2% above 360: within the tolerance, like 1088-line encodes of 1080p.
    Path input = TestMedia.h264AacMp4(dir, 1, 640, 368);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P360, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isFalse();
    assertThat(result.info().codecSummary()).isEqualTo("h264 640x368 + aac");
    assertThat(videoHash(result.media())).isEqualTo(videoHash(input));
  }

  @Test
  void givenH264JustBeyondTheTolerance_whenProcessedAt360p_thenItIsEncodedDownTo360Lines()
      throws Exception {
    // 372 lines are 3.3% above 360: the first even height past the tolerance.
    Path input = TestMedia.h264AacMp4(dir, 1, 640, 372);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P360, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isTrue();
    assertThat(result.info().firstVideo().orElseThrow().height()).isEqualTo(360);
  }

  @Test
  void givenAv1VideoWithoutAudio_whenProcessedAsVideo_thenItIsH264WithoutAudio() throws Exception {
    Path input = TestMedia.av1VideoOnlyMp4(dir, 2, 320, 240);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P480, dir.resolve("out"), "clip"));

    assertThat(result.reencoded()).isTrue();
    assertThat(result.info().codecSummary()).isEqualTo("h264 320x240");
    valid(result.media(), JobType.VIDEO);
  }

  @Test
  void givenVideoWithoutThumbnailImage_whenProcessed_thenAFrameBecomesATelegramThumbnail()
      throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 3, 640, 360);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P720, dir.resolve("out"), "clip"));

    Path thumbnail = result.thumbnail().orElseThrow();
    assertThat(thumbnail.getFileName().toString()).isEqualTo("clip.thumb.jpg");
    assertThumbnail(thumbnail, 320, 180);
  }

  @Test
  void givenClipShorterThanOneSecond_whenProcessed_thenTheThumbnailIsItsFirstFrame()
      throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 0.4, 320, 240);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.P720, dir.resolve("out"), "clip"));

    assertThumbnail(result.thumbnail().orElseThrow(), 320, 240);
  }

  @Test
  void givenThumbnailImage_whenVideoIsProcessed_thenTheThumbnailIsMadeFromIt() throws Exception {
    Path input = TestMedia.h264AacMp4(dir, 2, 320, 240);
    Path picture = TestMedia.jpeg(dir, 1280, 720);

    PostProcessResult.Processed result =
        processed(
            PostProcessRequest.of(input, Quality.P720, dir.resolve("out"), "clip")
                .withThumbnailImage(picture));

    assertThumbnail(result.thumbnail().orElseThrow(), 320, 180);
  }

  @Test
  void givenMp3_whenProcessedAsAudio_thenItStaysACopiedMp3WithTagsAndCover() throws Exception {
    Path input = TestMedia.mp3(dir, 3);
    Path cover = TestMedia.jpeg(dir, 640, 480);

    PostProcessResult.Processed result =
        processed(
            PostProcessRequest.of(input, Quality.AUDIO_128, dir.resolve("out"), "song")
                .withThumbnailImage(cover)
                .withTags("Ya Nabi — يا نبي", "Some Artist"));

    assertThat(result.media().getFileName().toString()).isEqualTo("song.mp3");
    assertThat(result.reencoded()).isFalse();
    assertThat(result.info().formatNames()).containsExactly("mp3");
    assertThat(result.info().tags())
        .containsEntry("title", "Ya Nabi — يا نبي")
        .containsEntry("artist", "Some Artist");
    assertThat(result.info().coverArt()).map(StreamInfo::codecName).contains("mjpeg");
    assertThumbnail(result.thumbnail().orElseThrow(), 320, 240);
    ValidationResult.Valid valid = valid(result.media(), JobType.AUDIO);
    assertThat(valid.faststart()).isFalse();
  }

  @Test
  void givenOpusWebm_whenProcessedAsAudio_thenItIsAacM4aWithTagsAndCover() throws Exception {
    Path input = TestMedia.opusWebmAudioOnly(dir, 3);
    Path cover = TestMedia.jpeg(dir, 480, 360);

    PostProcessResult.Processed result =
        processed(
            PostProcessRequest.of(input, Quality.AUDIO_BEST, dir.resolve("out"), "talk")
                .withThumbnailImage(cover)
                .withTags("A Talk", "A Speaker"));

    assertThat(result.media().getFileName().toString()).isEqualTo("talk.m4a");
    assertThat(result.reencoded()).isTrue();
    assertThat(result.info().firstAudio().orElseThrow().codecName()).isEqualTo("aac");
    assertThat(result.info().tags())
        .containsEntry("title", "A Talk")
        .containsEntry("artist", "A Speaker");
    StreamInfo coverStream = result.info().coverArt().orElseThrow();
    assertThat(coverStream.codecName()).isEqualTo("mjpeg");
    assertThat(coverStream.width()).isEqualTo(480);
    assertThat(valid(result.media(), JobType.AUDIO).faststart()).isTrue();
  }

  @Test
  void givenAacAbove64k_whenProcessedAsAudio64_thenItIsEncodedAgainAt64k() throws Exception {
    Path input = TestMedia.aacM4a(dir, 3);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.AUDIO_64, dir.resolve("out"), "tone"));

    assertThat(result.reencoded()).isTrue();
    assertThat(result.thumbnail()).isEmpty();
    assertThat(result.info().firstAudio().orElseThrow().bitRate()).isBetween(40_000L, 80_000L);
    valid(result.media(), JobType.AUDIO);
  }

  @Test
  void givenAacWithinTheAskedBitrate_whenProcessedAsAudio_thenItIsCopied() throws Exception {
    Path input = TestMedia.aacAudioOnlyM4a(dir, 3);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.AUDIO_128, dir.resolve("out"), "tone"));

    assertThat(result.reencoded()).isFalse();
    assertThat(result.media().getFileName().toString()).isEqualTo("tone.m4a");
    valid(result.media(), JobType.AUDIO);
  }

  @Test
  void givenVideoFile_whenProcessedAsAudio_thenOnlyItsAudioIsKept() throws Exception {
    Path input = TestMedia.vp9OpusWebm(dir, 2, 320, 240);

    PostProcessResult.Processed result =
        processed(PostProcessRequest.of(input, Quality.AUDIO_128, dir.resolve("out"), "tone"));

    assertThat(result.info().codecSummary()).isEqualTo("aac");
    valid(result.media(), JobType.AUDIO);
  }

  @Test
  void givenAudioOnlyFile_whenProcessedAsVideo_thenFormatNotFound() throws Exception {
    Path input = TestMedia.mp3(dir, 2);

    PostProcessResult result =
        postProcessor.process(PostProcessRequest.of(input, Quality.P720, dir, "clip"));

    assertThat(result)
        .isEqualTo(
            new PostProcessResult.Failed(ErrorType.FORMAT_NOT_FOUND, "input has no video stream"));
  }

  @Test
  void givenGarbageInput_whenProcessed_thenUnknownWithFfprobesReason() throws Exception {
    Path input = Files.write(dir.resolve("noise.mp4"), "this is no video at all".getBytes());

    PostProcessResult result =
        postProcessor.process(PostProcessRequest.of(input, Quality.P720, dir, "clip"));

    assertThat(result).isInstanceOf(PostProcessResult.Failed.class);
    PostProcessResult.Failed failed = (PostProcessResult.Failed) result;
    assertThat(failed.errorType()).isEqualTo(ErrorType.UNKNOWN);
    assertThat(failed.message()).contains("Invalid data found when processing input");
  }

  @Test
  void givenHlsPlaylistPosingAsVideo_whenProcessed_thenItIsRefusedAndNothingIsWritten()
      throws Exception {
    Path segment = TestMedia.h264AacMp4(dir, 1, 160, 120);
    Path playlist =
        Files.writeString(
            dir.resolve("clip.mp4"),
            "#EXTM3U\n#EXT-X-TARGETDURATION:1\n#EXTINF:1.0,\n"
                + segment.getFileName()
                + "\n#EXT-X-ENDLIST\n");
    Path out = dir.resolve("out");

    PostProcessResult result =
        postProcessor.process(PostProcessRequest.of(playlist, Quality.P720, out, "clip"));

    assertThat(result)
        .isEqualTo(
            new PostProcessResult.Failed(
                ErrorType.FORMAT_NOT_FOUND, "input is a hls list, not media"));
    assertThat(fileNames(out)).isEmpty();
  }

  @Test
  void givenTinyTimeout_whenALongTranscodeRuns_thenTimeoutAndNoFfmpegOrPartialFileIsLeft()
      throws Exception {
    Path input = TestMedia.vp9OpusWebm(dir, 10, 640, 360);
    Path out = dir.resolve("out");
    PostProcessor hurried = new PostProcessor(runner, tools, ffprobe, Duration.ofMillis(150));

    PostProcessResult result =
        hurried.process(PostProcessRequest.of(input, Quality.P360, out, "clip"));

    assertThat(result)
        .isEqualTo(
            new PostProcessResult.Failed(ErrorType.TIMEOUT, "ffmpeg ran longer than 150 ms"));
    assertThat(ffmpegChildren()).isEmpty();
    assertThat(fileNames(out)).isEmpty();
  }

  private PostProcessResult.Processed processed(PostProcessRequest request)
      throws InterruptedException {
    PostProcessResult result = postProcessor.process(request);
    assertThat(result).isInstanceOf(PostProcessResult.Processed.class);
    PostProcessResult.Processed processed = (PostProcessResult.Processed) result;
    assertThat(processed.media()).isRegularFile();
    return processed;
  }

  private ValidationResult.Valid valid(Path media, JobType type) throws InterruptedException {
    ValidationResult result = validator.validate(media, type, MAX_BYTES);
    assertThat(result).isInstanceOf(ValidationResult.Valid.class);
    return (ValidationResult.Valid) result;
  }

  private void assertThumbnail(Path thumbnail, int width, int height)
      throws IOException, InterruptedException {
    assertThat(Files.size(thumbnail)).isPositive().isLessThanOrEqualTo(200_000);
    MediaInfo info = ((ProbeResult.Probed) ffprobe.probe(thumbnail)).info();
    StreamInfo picture = info.streams().get(0);
    assertThat(picture.codecName()).isEqualTo("mjpeg");
    assertThat(picture.width()).isEqualTo(width);
    assertThat(picture.height()).isEqualTo(height);
  }

  /** The MD5 of the video stream's packets, which {@code -c copy} must leave as they were. */
  private String videoHash(Path file) throws IOException, InterruptedException {
    ProcessResult result =
        runner.run(
            ProcessSpec.of(
                List.of(
                    tools.ffmpeg(),
                    "-v",
                    "error",
                    "-i",
                    file.toString(),
                    "-map",
                    "0:v:0",
                    "-c",
                    "copy",
                    "-f",
                    "streamhash",
                    "-hash",
                    "md5",
                    "-"),
                Duration.ofSeconds(30)));
    assertThat(result.succeeded()).as(result.stderr()).isTrue();
    assertThat(result.stdout()).startsWith("0,v,MD5=");
    return result.stdout().strip();
  }

  private void ffmpeg(String... args) throws IOException, InterruptedException {
    List<String> command =
        new ArrayList<>(List.of(tools.ffmpeg(), "-nostdin", "-v", "error", "-y"));
    command.addAll(List.of(args));
    ProcessResult result = runner.run(ProcessSpec.of(command, Duration.ofSeconds(30)));
    assertThat(result.succeeded()).as(result.stderr()).isTrue();
  }

  private static List<String> fileNames(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).toList();
    }
  }

  private static List<ProcessHandle> ffmpegChildren() {
    try (Stream<ProcessHandle> children = ProcessHandle.current().descendants()) {
      return children
          .filter(ProcessHandle::isAlive)
          .filter(p -> p.info().command().map(c -> c.contains("ffmpeg")).orElse(false))
          .toList();
    }
  }
}
