package archiver.download.process;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One external command to run: what, where, for how long at most, and how much of its output to
 * keep in memory (the rest is still streamed to the line listeners, just not retained).
 */
public record ProcessSpec(
    List<String> command,
    Path workDir,
    Duration timeout,
    Map<String, String> environment,
    int maxCapturedChars) {

  public static final int DEFAULT_MAX_CAPTURED_CHARS = 64 * 1024;

  public ProcessSpec {
    Objects.requireNonNull(command, "command");
    if (command.isEmpty()) {
      throw new IllegalArgumentException("command is empty");
    }
    command = List.copyOf(command);
    Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
    environment = environment == null ? Map.of() : Map.copyOf(environment);
    if (maxCapturedChars <= 0) {
      throw new IllegalArgumentException("maxCapturedChars must be positive");
    }
  }

  public static ProcessSpec of(List<String> command, Duration timeout) {
    return new ProcessSpec(command, null, timeout, Map.of(), DEFAULT_MAX_CAPTURED_CHARS);
  }

  public ProcessSpec inDirectory(Path dir) {
    return new ProcessSpec(command, dir, timeout, environment, maxCapturedChars);
  }

  public ProcessSpec withEnvironment(Map<String, String> env) {
    return new ProcessSpec(command, workDir, timeout, env, maxCapturedChars);
  }

  /** The program name, for logs and error messages. */
  public String program() {
    return command.get(0);
  }
}
