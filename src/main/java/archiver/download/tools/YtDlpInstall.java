package archiver.download.tools;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * How the yt-dlp in use was installed, which decides whether the bot may update it: a standalone
 * release replaces itself ({@code yt-dlp -U}), a virtual environment is updated with its own pip,
 * and anything else (a distribution package, pip outside a venv) belongs to whoever installed it.
 */
public sealed interface YtDlpInstall {

  /** An install the bot can update, and whose files it can back up and restore. */
  sealed interface Updatable extends YtDlpInstall {
    /** What is replaced by an update, so it is what a backup copies. */
    Path replaced();
  }

  /** A release binary or zipapp: {@code yt-dlp -U} downloads the new one over it. */
  record Standalone(Path binary) implements Updatable {
    @Override
    public Path replaced() {
      return binary;
    }
  }

  /** A Python virtual environment the bot may write to: its pip updates yt-dlp inside it. */
  record Venv(Path dir) implements Updatable {
    public Path pip() {
      return dir.resolve("bin").resolve("pip");
    }

    @Override
    public Path replaced() {
      return dir;
    }
  }

  /** Installed some way the bot must not change; {@code why} says what to do instead. */
  record Fixed(String why) implements YtDlpInstall {}

  /**
   * Looks at the configured command ({@code tools.yt_dlp}, a path or a name on {@code PATH}).
   * yt-dlp's own {@code -U} asks GitHub first, so it cannot tell offline; the files can.
   */
  static YtDlpInstall detect(String command, String pathVariable) {
    Optional<Path> found = locate(command, pathVariable);
    if (found.isEmpty()) {
      return new Fixed(command + " was not found");
    }
    Path file = found.get();
    Path real;
    try {
      real = file.toRealPath();
    } catch (IOException e) {
      return new Fixed("cannot read " + file + ": " + e.getMessage());
    }
    // bin/yt-dlp of a venv (perhaps through a link such as /usr/local/bin/yt-dlp): the venv is
    // the folder above bin/, where pip wrote its entry script.
    for (Path candidate : java.util.List.of(file.toAbsolutePath(), real)) {
      Path bin = candidate.getParent();
      Path venv = bin == null ? null : bin.getParent();
      if (venv != null && Files.isRegularFile(venv.resolve("pyvenv.cfg"))) {
        if (!Files.isWritable(venv) || !Files.isExecutable(venv.resolve("bin").resolve("pip"))) {
          return new Fixed("the virtual environment " + venv + " is not writable by the bot");
        }
        return new Venv(venv);
      }
    }
    if (!isReleaseBuild(real)) {
      return new Fixed(
          real
              + " was installed by a package manager or pip: update it that way (see README,"
              + " 'Updating yt-dlp')");
    }
    if (!Files.isWritable(real) || !Files.isWritable(real.getParent())) {
      return new Fixed(real + " is not writable by the bot");
    }
    return new Standalone(real);
  }

  private static Optional<Path> locate(String command, String pathVariable) {
    if (command.contains("/")) {
      Path p = Path.of(command);
      return Files.isRegularFile(p) ? Optional.of(p) : Optional.empty();
    }
    for (String dir : (pathVariable == null ? "" : pathVariable).split(":")) {
      if (!dir.isBlank()) {
        Path p = Path.of(dir, command);
        if (Files.isRegularFile(p) && Files.isExecutable(p)) {
          return Optional.of(p);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * yt-dlp's releases are an ELF binary ({@code yt-dlp_linux}) or a zipapp (a shebang line, then a
   * zip); pip and distribution packages install a short Python script that imports yt_dlp.
   */
  private static boolean isReleaseBuild(Path file) {
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(4096);
    } catch (IOException e) {
      return false;
    }
    if (head.length >= 4 && head[0] == 0x7f && head[1] == 'E' && head[2] == 'L' && head[3] == 'F') {
      return true;
    }
    return new String(head, StandardCharsets.ISO_8859_1).contains("PK\u0003\u0004");
  }
}
