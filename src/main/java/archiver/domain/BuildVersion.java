package archiver.domain;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * The bot's release as the build wrote it ({@code archiver-version.properties}, filtered from the
 * pom's version), so {@code --version}, the logs and the pom never disagree.
 */
public final class BuildVersion {

  private static final String TEXT = "media-archiver " + read();

  private BuildVersion() {}

  /** "media-archiver 0.1.0-SNAPSHOT". */
  public static String text() {
    return TEXT;
  }

  private static String read() {
    try (InputStream in = BuildVersion.class.getResourceAsStream("/archiver-version.properties")) {
      if (in == null) {
        return "unknown";
      }
      Properties p = new Properties();
      p.load(in);
      String v = p.getProperty("version", "unknown");
      // Run from an IDE without Maven's filtering the placeholder is still there.
      return v.startsWith("${") ? "unknown" : v;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
