package archiver.download.media;

import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Runs ffmpeg quietly, with the flags every call here shares. */
final class Ffmpeg {

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
}
