package archiver.download.ytdlp;

import static archiver.download.ytdlp.YtDlpRunner.MEDIA_BASENAME;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** The files of one yt-dlp run in its folder: what it made, what to remove, how to name them. */
final class YtDlpFiles {

  private YtDlpFiles() {}

  /** The last path yt-dlp printed, if it is an existing file inside {@code dir}. */
  static Optional<Path> producedFile(Path dir, Path filepathFile) {
    List<String> printed;
    try {
      printed = Files.readAllLines(filepathFile, StandardCharsets.UTF_8);
    } catch (IOException e) {
      return Optional.empty(); // nothing was printed: no file reached after_move
    }
    for (int i = printed.size() - 1; i >= 0; i--) {
      String line = printed.get(i).strip();
      if (line.isEmpty()) {
        continue;
      }
      Path file = dir.resolve(line).toAbsolutePath().normalize();
      if (file.startsWith(dir) && Files.isRegularFile(file)) {
        return Optional.of(file);
      }
      return Optional.empty();
    }
    return Optional.empty();
  }

  /** A literal path inside an output template: "%" starts a field there. */
  static String template(Path path) {
    return template(path.toString());
  }

  static String template(String literal) {
    return literal.replace("%", "%%");
  }

  /** Files yt-dlp made for this download: media.mp4, media.f137.mp4, media.f140.m4a.part... */
  static void deleteMediaFiles(Path dir) throws IOException {
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, MEDIA_BASENAME + ".*")) {
      for (Path f : files) {
        if (Files.isRegularFile(f)) {
          Files.deleteIfExists(f);
        }
      }
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A leftover helper file in the job's tmp dir is removed with the dir by the cleanup.
    }
  }
}
