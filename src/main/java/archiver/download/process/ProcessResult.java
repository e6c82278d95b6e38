package archiver.download.process;

import java.time.Duration;

/**
 * How a command ended. {@code stdout}/{@code stderr} hold at most the spec's captured size (the
 * tail is kept, because tools print their real error last); {@code timedOut} means the process tree
 * was killed.
 */
public record ProcessResult(
    int exitCode, String stdout, String stderr, boolean timedOut, Duration elapsed) {

  public boolean succeeded() {
    return !timedOut && exitCode == 0;
  }
}
