package archiver.download.media;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The files the media operations write: their names and their removal when a step fails. */
final class MediaFiles {

  private static final Logger log = LoggerFactory.getLogger(MediaFiles.class);

  private MediaFiles() {}

  /**
   * Checks an output name without extension: it must name a file in the output folder, nothing
   * above or below it (callers make it safe with {@code FileNames.sanitize}).
   */
  static String requirePlainName(String baseName) {
    if (baseName.isBlank()
        || baseName.equals(".")
        || baseName.equals("..")
        || baseName.contains("/")
        || baseName.contains("\\")
        || baseName.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("baseName must be a plain file name: " + baseName);
    }
    return baseName;
  }

  /** The files directly in {@code dir}, by name. */
  static List<Path> list(Path dir) throws IOException {
    try (Stream<Path> files = Files.list(dir)) {
      return files.sorted(Comparator.comparing(p -> p.getFileName().toString())).toList();
    }
  }

  static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("Could not delete {}: {}", file, e.toString());
    }
  }

  /** Deletes a folder of plain files (one level, as the splitter's work folder is) and itself. */
  static void deleteFolderQuietly(Path dir) {
    if (!Files.isDirectory(dir)) {
      return;
    }
    try {
      for (Path file : list(dir)) {
        deleteQuietly(file);
      }
    } catch (IOException e) {
      log.warn("Could not list {}: {}", dir, e.toString());
    }
    deleteQuietly(dir);
  }
}
