package archiver.download.ytdlp;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * A private, owner-only copy of a cookie file for one run (yt-dlp rewrites the file it is given).
 * The values are kept in memory only to mask them in output; they are never logged.
 */
record CookieCopy(Optional<Path> copy, List<String> values) {

  static CookieCopy of(Optional<Path> original) {
    if (original.isEmpty()) {
      return new CookieCopy(Optional.empty(), List.of());
    }
    try {
      Path copy =
          Files.createTempFile(
              "archiver-cookies-",
              ".txt",
              PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
      byte[] content = Files.readAllBytes(original.get());
      Files.write(copy, content);
      return new CookieCopy(Optional.of(copy), cookieValues(content));
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read the cookie file " + original.get(), e);
    }
  }

  void addOption(List<String> command) {
    copy.ifPresent(
        c -> {
          command.add("--cookies");
          command.add(c.toString());
        });
  }

  void delete() {
    copy.ifPresent(YtDlpFiles::deleteQuietly);
  }

  /** The value column of a Netscape cookie file (7 tab-separated fields a line). */
  private static List<String> cookieValues(byte[] content) {
    List<String> values = new ArrayList<>();
    for (String line : new String(content, StandardCharsets.UTF_8).split("\\R")) {
      if (line.isBlank() || (line.startsWith("#") && !line.startsWith("#HttpOnly_"))) {
        continue;
      }
      String[] fields = line.split("\t");
      if (fields.length >= 7 && !fields[6].isBlank()) {
        values.add(fields[6].strip());
      }
    }
    return List.copyOf(values);
  }
}
