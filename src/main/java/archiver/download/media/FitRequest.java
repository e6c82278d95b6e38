package archiver.download.media;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to fit into a size and where to put it.
 *
 * @param input an audio file (or a video, whose audio is taken), e.g. {@link PostProcessor}'s
 *     output; its title, artist and cover are kept
 * @param outputDir where the result goes (created when missing)
 * @param baseName the output file name without extension, already made safe by the caller; the
 *     result is {@code <baseName>.m4a}
 * @param maxBytes the most the result may hold (the effective upload limit)
 * @param floorKbps the lowest AAC bitrate worth sending; below it the caller splits instead
 */
public record FitRequest(
    Path input, Path outputDir, String baseName, long maxBytes, int floorKbps) {

  public FitRequest {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(baseName, "baseName");
    MediaFiles.requirePlainName(baseName);
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    if (floorKbps < 8) {
      throw new IllegalArgumentException("floorKbps must be at least 8: " + floorKbps);
    }
  }
}
