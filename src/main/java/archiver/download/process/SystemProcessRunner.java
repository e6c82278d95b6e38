package archiver.download.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * Runs commands as real child processes. On timeout or interruption the whole process tree is
 * killed (yt-dlp starts ffmpeg as a child; killing only yt-dlp would leave ffmpeg writing).
 */
public final class SystemProcessRunner implements ProcessRunner {

  private static final Duration KILL_GRACE = Duration.ofSeconds(2);

  @Override
  public ProcessResult run(
      ProcessSpec spec, Consumer<String> stdoutLines, Consumer<String> stderrLines)
      throws IOException, InterruptedException {
    ProcessBuilder builder = new ProcessBuilder(spec.command());
    if (spec.workDir() != null) {
      builder.directory(spec.workDir().toFile());
    }
    builder.environment().putAll(spec.environment());
    long started = System.nanoTime();
    Process process = builder.start();
    process.getOutputStream().close();

    TailBuffer out = new TailBuffer(spec.maxCapturedChars());
    TailBuffer err = new TailBuffer(spec.maxCapturedChars());
    Thread outReader = pump(process.getInputStream(), out, stdoutLines, spec.program() + "-stdout");
    Thread errReader = pump(process.getErrorStream(), err, stderrLines, spec.program() + "-stderr");

    boolean finished;
    try {
      finished = process.waitFor(spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      killTree(process);
      joinQuietly(outReader, errReader);
      throw e;
    }
    if (!finished) {
      killTree(process);
    }
    joinQuietly(outReader, errReader);
    Duration elapsed = Duration.ofNanos(System.nanoTime() - started);
    int exit = finished ? process.exitValue() : -1;
    return new ProcessResult(exit, out.toString(), err.toString(), !finished, elapsed);
  }

  /** Kills descendants first so that none is re-parented to init and left running. */
  static void killTree(Process process) {
    List<ProcessHandle> descendants = process.descendants().toList();
    for (ProcessHandle child : descendants) {
      child.destroyForcibly();
    }
    process.destroyForcibly();
    try {
      process.waitFor(KILL_GRACE.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static Thread pump(
      InputStream stream, TailBuffer buffer, Consumer<String> listener, String name) {
    return Thread.ofVirtual()
        .name(name)
        .start(
            () -> {
              try (BufferedReader reader =
                  new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8))) {
                String line;
                while ((line = reader.readLine()) != null) {
                  buffer.append(line);
                  try {
                    listener.accept(line);
                  } catch (RuntimeException ignored) {
                    // A faulty listener must not stop the pipe: a full pipe would block the tool.
                  }
                }
              } catch (IOException e) {
                // The stream closes when the process is killed; what was read is kept.
              } catch (UncheckedIOException e) {
                // same as above
              }
            });
  }

  private static void joinQuietly(Thread... threads) throws InterruptedException {
    for (Thread t : threads) {
      t.join(KILL_GRACE.toMillis() * 2);
    }
  }

  /** Keeps the last {@code max} characters of a stream's lines. */
  private static final class TailBuffer {
    private final int max;
    private final StringBuilder text = new StringBuilder();
    private boolean truncated;

    TailBuffer(int max) {
      this.max = max;
    }

    synchronized void append(String line) {
      text.append(line).append('\n');
      if (text.length() > max) {
        text.delete(0, text.length() - max);
        truncated = true;
      }
    }

    @Override
    public synchronized String toString() {
      return truncated ? "[...]\n" + text : text.toString();
    }
  }
}
