package archiver.download.tools;

import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Asks yt-dlp, ffmpeg and ffprobe for their versions (for {@code doctor} and {@code /health}). */
public final class ToolProbe {

  /** yt-dlp breaks on YouTube within weeks of site changes; older than this deserves a warning. */
  public static final long YT_DLP_MAX_AGE_DAYS = 90;

  private static final Duration TIMEOUT = Duration.ofSeconds(30);
  private static final Pattern FFMPEG_VERSION = Pattern.compile("^ff\\w+ version (\\S+)");

  private final ProcessRunner runner;

  public ToolProbe(ProcessRunner runner) {
    this.runner = runner;
  }

  public ToolVersion ytDlp(String command) {
    return probe("yt-dlp", command, List.of(command, "--version"), ToolProbe::firstLine);
  }

  public ToolVersion ffmpeg(String command) {
    return probe("ffmpeg", command, List.of(command, "-version"), ToolProbe::ffmpegVersion);
  }

  public ToolVersion ffprobe(String command) {
    return probe("ffprobe", command, List.of(command, "-version"), ToolProbe::ffmpegVersion);
  }

  private interface VersionParser {
    Optional<String> parse(String stdout);
  }

  private ToolVersion probe(String name, String command, List<String> argv, VersionParser parser) {
    try {
      ProcessResult result = runner.run(ProcessSpec.of(argv, TIMEOUT));
      if (result.timedOut()) {
        return missing(name, command, "did not answer within " + TIMEOUT.toSeconds() + " s");
      }
      if (result.exitCode() != 0) {
        return missing(
            name,
            command,
            "exited with code " + result.exitCode() + ": " + firstLine(result.stderr()).orElse(""));
      }
      Optional<String> version = parser.parse(result.stdout());
      return version
          .map(v -> new ToolVersion(name, command, Optional.of(v), Optional.<String>empty()))
          .orElseGet(() -> missing(name, command, "printed no version"));
    } catch (IOException e) {
      return missing(name, command, "not found or not executable (" + e.getMessage() + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return missing(name, command, "interrupted");
    }
  }

  private static ToolVersion missing(String name, String command, String problem) {
    return new ToolVersion(name, command, Optional.empty(), Optional.of(problem));
  }

  private static Optional<String> firstLine(String text) {
    return text.lines().map(String::trim).filter(l -> !l.isEmpty()).findFirst();
  }

  private static Optional<String> ffmpegVersion(String stdout) {
    Optional<String> line = firstLine(stdout);
    if (line.isEmpty()) {
      return Optional.empty();
    }
    Matcher m = FFMPEG_VERSION.matcher(line.get());
    return m.find() ? Optional.of(m.group(1)) : line;
  }
}
