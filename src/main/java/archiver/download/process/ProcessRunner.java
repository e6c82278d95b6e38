package archiver.download.process;

import java.io.IOException;
import java.util.function.Consumer;

/**
 * Runs external tools (yt-dlp, ffmpeg, ffprobe). Everything that starts a process takes one of
 * these, so tests can see and script what is run.
 */
public interface ProcessRunner {

  /**
   * Runs the command to its end or its timeout. Each complete line of stdout and stderr is given to
   * the listeners as it arrives (on a reader thread; listeners must be quick and must not throw).
   *
   * @throws IOException when the program cannot be started (not installed, not executable)
   * @throws InterruptedException when the calling thread is interrupted; the process tree is killed
   *     first
   */
  ProcessResult run(ProcessSpec spec, Consumer<String> stdoutLines, Consumer<String> stderrLines)
      throws IOException, InterruptedException;

  default ProcessResult run(ProcessSpec spec) throws IOException, InterruptedException {
    return run(spec, line -> {}, line -> {});
  }
}
