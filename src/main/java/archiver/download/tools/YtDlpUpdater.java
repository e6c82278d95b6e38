package archiver.download.tools;

import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The one place that changes the installed yt-dlp: backs up what an update replaces, runs the
 * updater ({@code yt-dlp -U} or the venv's pip), checks that yt-dlp still works, and restores the
 * backup when it does not. The caller decides when (see {@code core.upkeep.YtDlpUpdate}).
 */
public final class YtDlpUpdater {

  /** What the updater or a check said; {@code ok} false when it failed. */
  public record Step(boolean ok, String said) {}

  private static final Duration CHECK_TIMEOUT = Duration.ofMinutes(1);

  private final ProcessRunner runner;
  private final YtDlpInstall.Updatable install;
  private final String ytDlp;
  private final Path workDir;
  private final Duration updateTimeout;

  /**
   * @param ytDlp the command jobs run ({@code tools.yt_dlp}), which is what is checked
   * @param workDir the bot's own folder for the backup and the check's small local file (the folder
   *     around the install may not be the bot's to write, e.g. {@code /opt})
   */
  public YtDlpUpdater(
      ProcessRunner runner,
      YtDlpInstall.Updatable install,
      String ytDlp,
      Path workDir,
      Duration updateTimeout) {
    this.runner = runner;
    this.install = install;
    this.ytDlp = ytDlp;
    this.workDir = workDir;
    this.updateTimeout = updateTimeout;
  }

  public YtDlpInstall.Updatable install() {
    return install;
  }

  /** The version yt-dlp prints, if it runs at all. */
  public Optional<String> version() {
    return new ToolProbe(runner).ytDlp(ytDlp).version();
  }

  /** Where the previous version is kept until the next update. */
  public Path backupPath() {
    return workDir.resolve("previous");
  }

  /**
   * Copies what the update will replace to {@link #backupPath()} (an older copy goes), then marks
   * the update as under way until {@link #finished()}.
   */
  public void backUp() throws IOException {
    Files.createDirectories(workDir);
    Files.deleteIfExists(marker());
    deleteTree(backupPath());
    copyTree(install.replaced(), backupPath());
    Files.writeString(marker(), install.replaced().toString());
  }

  /** The update ended with a yt-dlp that passed its check (new, or restored). */
  public void finished() throws IOException {
    Files.deleteIfExists(marker());
  }

  /**
   * Whether a previous process died during an update (after the backup, before {@link
   * #finished()}): what it left may be half an install, so the backup goes back.
   */
  public boolean interrupted() {
    return Files.exists(marker()) && Files.exists(backupPath(), LinkOption.NOFOLLOW_LINKS);
  }

  private Path marker() {
    return workDir.resolve("under-way");
  }

  /** Runs the updater; ok when it exited 0 and reported no error. */
  public Step update() throws InterruptedException {
    List<String> command =
        switch (install) {
          case YtDlpInstall.Standalone s -> List.of(s.binary().toString(), "-U");
          case YtDlpInstall.Venv v ->
              List.of(v.pip().toString(), "install", "--upgrade", "yt-dlp[default]");
        };
    return run(command, updateTimeout);
  }

  /**
   * The new yt-dlp must print its version and read one local file (that imports every extractor,
   * which is what a bad release breaks), without the network.
   */
  public Step check() throws InterruptedException {
    Step version = run(List.of(ytDlp, "--version"), CHECK_TIMEOUT);
    if (!version.ok()) {
      return new Step(false, "--version failed: " + version.said());
    }
    Path probe;
    try {
      Files.createDirectories(workDir);
      // A few bytes named .m4a: the generic extractor takes a file:// link to media as it is.
      probe = Files.writeString(workDir.resolve("ytdlp-check.m4a"), "yt-dlp self-check");
    } catch (IOException e) {
      return new Step(false, "cannot write the check file: " + e.getMessage());
    }
    try {
      Step read =
          run(
              List.of(
                  ytDlp,
                  "--ignore-config",
                  "--enable-file-urls",
                  "--no-playlist",
                  "-J",
                  probe.toUri().toString()),
              CHECK_TIMEOUT);
      if (!read.ok()) {
        return new Step(false, "reading a local file failed: " + read.said());
      }
      return new Step(true, version.said());
    } finally {
      try {
        Files.deleteIfExists(probe);
      } catch (IOException e) {
        // The tmp cleanup takes it later.
      }
    }
  }

  /**
   * Puts the backup back in place of what the update left: a binary by a rename beside it (yt-dlp
   * -U needs that folder writable anyway), a venv by replacing its contents (its own folder is the
   * bot's, the one around it may not be).
   */
  public void restore() throws IOException {
    Path replaced = install.replaced();
    if (Files.isDirectory(replaced, LinkOption.NOFOLLOW_LINKS)) {
      try (var children = Files.list(replaced)) {
        for (Path child : children.toList()) {
          deleteTree(child);
        }
      }
      copyTree(backupPath(), replaced);
      return;
    }
    Path restoring = replaced.resolveSibling(replaced.getFileName() + ".restoring");
    Files.copy(
        backupPath(),
        restoring,
        StandardCopyOption.COPY_ATTRIBUTES,
        StandardCopyOption.REPLACE_EXISTING);
    Files.move(
        restoring, replaced, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
  }

  private Step run(List<String> command, Duration timeout) throws InterruptedException {
    try {
      ProcessResult r = runner.run(ProcessSpec.of(command, timeout));
      String text = (r.stdout() + "\n" + r.stderr()).strip();
      String last =
          text.lines().map(String::strip).filter(l -> !l.isEmpty()).reduce((a, b) -> b).orElse("");
      if (r.timedOut()) {
        return new Step(false, "no answer within " + timeout.toSeconds() + " s");
      }
      boolean ok = r.succeeded() && !text.contains("ERROR:");
      String said = last.length() > 300 ? last.substring(0, 300) : last;
      return new Step(ok, ok ? said : "exit " + r.exitCode() + ": " + said);
    } catch (IOException e) {
      return new Step(false, "cannot run " + command.get(0) + ": " + e.getMessage());
    }
  }

  private static void copyTree(Path from, Path to) throws IOException {
    Files.walkFileTree(
        from,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs)
              throws IOException {
            Files.createDirectories(to.resolve(from.relativize(dir).toString()));
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            // A venv's bin/python is a link to the system Python: copy the link, not Python.
            Files.copy(
                file,
                to.resolve(from.relativize(file).toString()),
                StandardCopyOption.COPY_ATTRIBUTES,
                LinkOption.NOFOLLOW_LINKS);
            return FileVisitResult.CONTINUE;
          }
        });
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root, LinkOption.NOFOLLOW_LINKS)) {
      return;
    }
    Files.walkFileTree(
        root,
        new SimpleFileVisitor<>() {
          @Override
          public FileVisitResult visitFile(Path file, BasicFileAttributes attrs)
              throws IOException {
            Files.delete(file);
            return FileVisitResult.CONTINUE;
          }

          @Override
          public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
            Files.delete(dir);
            return FileVisitResult.CONTINUE;
          }
        });
  }
}
