package archiver.core;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Shell scripts standing in for yt-dlp and its updaters: the fake yt-dlp prints its version, reads
 * any "link" as a one-item JSON, and on {@code -U} (or the venv's fake pip on {@code install}) does
 * what the test asked: put a prepared next yt-dlp in place, fail, or both.
 */
final class FakeYtDlp {

  private FakeYtDlp() {}

  /** A working yt-dlp of {@code version}; {@code onUpdate} is the shell run for {@code -U}. */
  static String working(String version, String onUpdate) {
    return "#!/bin/sh\n"
        + "case \"$1\" in\n"
        + "  --version) echo "
        + version
        + " ;;\n"
        + "  -U) "
        + onUpdate
        + " ;;\n"
        + "  *) echo '{\"id\": \"ytdlp-check\", \"title\": \"ytdlp-check\"}' ;;\n"
        + "esac\n";
  }

  /** A yt-dlp that no longer starts at all (a release that fails to import). */
  static String notStarting() {
    return "#!/bin/sh\necho 'ImportError: cannot import name' >&2\nexit 1\n";
  }

  /** A yt-dlp that prints its version but cannot read anything. */
  static String notExtracting(String version) {
    return "#!/bin/sh\n"
        + "if [ \"$1\" = --version ]; then echo "
        + version
        + "; exit 0; fi\n"
        + "echo 'ERROR: [generic] broken extractor' >&2\nexit 1\n";
  }

  /** Shell that replaces {@code target} with {@code next}, as the real updaters do (a rename). */
  static String install(Path next, Path target, Path log) {
    return "echo update >> '"
        + log
        + "'; cp '"
        + next
        + "' '"
        + target
        + ".new' && mv '"
        + target
        + ".new' '"
        + target
        + "' && echo 'Updated yt-dlp'";
  }

  /** Shell that fails the way {@code yt-dlp -U} does offline, changing nothing. */
  static String fail(Path log) {
    return "echo update >> '" + log + "'; echo 'ERROR: Unable to obtain version info' >&2; exit 1";
  }

  static Path write(Path file, String script) throws IOException {
    Files.createDirectories(file.getParent());
    Files.writeString(file, script);
    Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    return file;
  }
}
