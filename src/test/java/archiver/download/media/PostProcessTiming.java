package archiver.download.media;

import archiver.domain.Quality;
import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.SystemProcessRunner;
import archiver.testing.TestMedia;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Measures remux against transcode for docs/PERFORMANCE.md: a 10-second 640x360 clip, H.264/AAC
 * (remuxed) and VP9/Opus (transcoded), each post-processed a few times; prints the median wall time
 * of the whole {@link PostProcessor#process} call and of its main ffmpeg run. Not a test: run it by
 * hand with the test classpath, e.g. {@code java -cp target/test-classes:target/classes:...
 * archiver.download.media.PostProcessTiming 5}.
 */
public final class PostProcessTiming {

  private PostProcessTiming() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    Path dir = Files.createTempDirectory("postprocess-timing");
    Path h264 = TestMedia.h264AacMp4(dir, 10, 640, 360);
    Path vp9 = TestMedia.vp9OpusWebm(dir, 10, 640, 360);
    System.out.printf(
        Locale.ROOT,
        "inputs: %s (%d bytes), %s (%d bytes)%n",
        h264,
        Files.size(h264),
        vp9,
        Files.size(vp9));
    measure("remux H.264/AAC -> MP4", h264, dir, runs);
    measure("transcode VP9/Opus -> H.264/AAC MP4", vp9, dir, runs);
  }

  private static void measure(String label, Path input, Path dir, int runs) throws Exception {
    List<Long> totals = new ArrayList<>();
    List<Long> mainRuns = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      List<Long> ffmpegMillis = new ArrayList<>();
      SystemProcessRunner system = new SystemProcessRunner();
      ProcessRunner recording =
          (spec, out, err) -> {
            ProcessResult result = system.run(spec, out, err);
            if (spec.program().contains("ffmpeg")) {
              ffmpegMillis.add(result.elapsed().toMillis());
            }
            return result;
          };
      MediaTools tools = new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath());
      Ffprobe ffprobe = new Ffprobe(recording, tools, Duration.ofSeconds(30));
      PostProcessor processor = new PostProcessor(recording, tools, ffprobe, Duration.ofMinutes(5));
      long started = System.nanoTime();
      PostProcessResult result =
          processor.process(
              PostProcessRequest.of(input, Quality.P720, dir.resolve("out"), "run" + i));
      totals.add((System.nanoTime() - started) / 1_000_000);
      if (!(result instanceof PostProcessResult.Processed)) {
        throw new IllegalStateException(label + ": " + result);
      }
      mainRuns.add(ffmpegMillis.get(0));
    }
    System.out.printf(
        Locale.ROOT,
        "%s: process() median %d ms %s, main ffmpeg run median %d ms %s%n",
        label,
        median(totals),
        totals,
        median(mainRuns),
        mainRuns);
  }

  private static long median(List<Long> values) {
    List<Long> sorted = new ArrayList<>(values);
    sorted.sort(null);
    return sorted.get(sorted.size() / 2);
  }
}
