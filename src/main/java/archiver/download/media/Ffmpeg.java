package archiver.download.media;

import archiver.domain.ErrorType;
import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** Runs ffmpeg quietly, with the flags every call here shares. */
final class Ffmpeg {

  /** Why a run made nothing: {@code TIMEOUT}, or {@code UNKNOWN} with ffmpeg's last words. */
  record Failure(ErrorType errorType, String message) {}

  private final ProcessRunner runner;
  private final MediaTools tools;

  Ffmpeg(ProcessRunner runner, MediaTools tools) {
    this.runner = runner;
    this.tools = tools;
  }

  /**
   * The options that open one input file. Inputs come from strangers' links: ffmpeg may read local
   * files only, so a "video" that is really an HLS playlist cannot make it fetch URLs
   * (https://ffmpeg.org/ffmpeg-protocols.html#Protocol-Options). The path is absolute so that a
   * name like {@code concat:x} is never read as a protocol.
   */
  static List<String> input(Path file) {
    return List.of("-protocol_whitelist", "file", "-i", file.toAbsolutePath().toString());
  }

  /** Runs {@code ffmpeg <args>}; stdin is closed and only errors are printed. */
  ProcessResult run(List<String> args, Duration timeout) throws IOException, InterruptedException {
    List<String> command = new ArrayList<>();
    command.add(tools.ffmpeg());
    command.addAll(List.of("-nostdin", "-hide_banner", "-nostats", "-v", "error", "-y"));
    command.addAll(args);
    return runner.run(ProcessSpec.of(command, timeout));
  }

  /**
   * Runs {@code ffmpeg <args>} (which name their own outputs) within what is left of the budget.
   *
   * @return empty when ffmpeg succeeded
   */
  Optional<Failure> run(List<String> args, TimeBudget budget) throws InterruptedException {
    Optional<Duration> left = budget.remaining();
    if (left.isEmpty()) {
      return Optional.of(timedOut(budget));
    }
    try {
      ProcessResult result = run(args, left.get());
      budget.spend(result.elapsed());
      if (result.timedOut()) {
        return Optional.of(timedOut(budget));
      }
      if (result.exitCode() != 0) {
        return Optional.of(
            new Failure(
                ErrorType.UNKNOWN,
                ToolMessages.lastMeaningfulLine(
                    result.stderr(), "ffmpeg failed with exit code " + result.exitCode())));
      }
      return Optional.empty();
    } catch (IOException e) {
      return Optional.of(
          new Failure(
              ErrorType.UNKNOWN, ToolMessages.shorten("ffmpeg could not run: " + e.getMessage())));
    }
  }

  /**
   * Runs {@code ffmpeg <args> <output>} into a partial file next to {@code output} and moves it
   * into place only when ffmpeg succeeded, so that no half-written file is ever taken for a result.
   *
   * @return empty when {@code output} was made
   */
  Optional<Failure> runToFile(List<String> args, Path output, TimeBudget budget)
      throws InterruptedException {
    Path part = output.resolveSibling(output.getFileName() + ".part");
    List<String> command = new ArrayList<>(args);
    command.add(part.toAbsolutePath().toString());
    try {
      Optional<Failure> failure = run(command, budget);
      if (failure.isEmpty()) {
        Files.move(
            part, output, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      }
      return failure;
    } catch (IOException e) {
      return Optional.of(
          new Failure(
              ErrorType.UNKNOWN, ToolMessages.shorten("ffmpeg could not run: " + e.getMessage())));
    } finally {
      MediaFiles.deleteQuietly(part);
    }
  }

  private static Failure timedOut(TimeBudget budget) {
    return new Failure(
        ErrorType.TIMEOUT, "ffmpeg ran longer than " + ToolMessages.describe(budget.total()));
  }
}
