package archiver.download.media;

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
 * One {@link Splitter#split} of a file at the cloud Bot API's 50 MiB, for {@code
 * bench/split-vs-copy.sh}: prints one line with the wall time of the whole call, of its cutting
 * ffmpeg run, of all ffprobe runs and of the thumbnails, then the parts. Not a test: run by hand,
 * e.g. {@code java -cp target/test-classes:target/archiver.jar archiver.download.media.SplitTiming
 * in.mp4 /tmp/out}.
 */
public final class SplitTiming {

  private static final long LIMIT = 50L * 1024 * 1024;

  /** One tool run: {@code cut} (the segment muxer), {@code thumbnail}, other ffmpeg, ffprobe. */
  private record Run(String kind, long millis) {}

  private SplitTiming() {}

  public static void main(String[] args) throws Exception {
    if (args.length != 2) {
      System.err.println("usage: SplitTiming INPUT OUTPUT_DIR");
      System.exit(2);
    }
    Path input = Path.of(args[0]);
    Path out = Path.of(args[1]);
    List<Run> runs = new ArrayList<>();
    SystemProcessRunner system = new SystemProcessRunner();
    ProcessRunner recording =
        (spec, stdout, stderr) -> {
          ProcessResult result = system.run(spec, stdout, stderr);
          String kind = "ffmpeg";
          if (spec.program().contains("ffprobe")) {
            kind = "ffprobe";
          } else if (spec.command().contains("segment")) {
            kind = "cut";
          } else if (spec.command().contains("-frames:v")) {
            kind = "thumbnail";
          }
          runs.add(new Run(kind, result.elapsed().toMillis()));
          return result;
        };
    MediaTools tools = new MediaTools(TestMedia.ffmpegPath(), TestMedia.ffprobePath());
    Ffprobe ffprobe = new Ffprobe(recording, tools, Duration.ofSeconds(60));
    Splitter splitter = new Splitter(recording, tools, ffprobe, Duration.ofMinutes(10));
    long started = System.nanoTime();
    SplitResult result = splitter.split(new SplitRequest(input, out, "bench", LIMIT, 50));
    long millis = (System.nanoTime() - started) / 1_000_000;
    if (!(result instanceof SplitResult.Split split)) {
      throw new IllegalStateException("not split: " + result);
    }
    System.out.printf(
        Locale.ROOT,
        "split_ms=%d cut_ms=%d ffprobe_ms=%d thumbnail_ms=%d parts=%d%n",
        millis,
        sum(runs, "cut"),
        sum(runs, "ffprobe"),
        sum(runs, "thumbnail"),
        split.parts().size());
    for (SplitResult.Part part : split.parts()) {
      System.out.printf(
          Locale.ROOT,
          "  part %d/%d: %d bytes, from %.3f s for %.3f s%n",
          part.index(),
          part.count(),
          Files.size(part.file()),
          part.startSeconds(),
          part.durationSeconds());
    }
  }

  private static long sum(List<Run> runs, String kind) {
    long total = 0;
    for (Run run : runs) {
      if (run.kind().equals(kind)) {
        total += run.millis();
      }
    }
    return total;
  }
}
