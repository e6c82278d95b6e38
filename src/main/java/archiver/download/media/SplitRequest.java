package archiver.download.media;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What to split and where to put the parts.
 *
 * @param input a file Telegram already plays: an H.264 MP4 with AAC or MP3 audio (what {@link
 *     PostProcessor} makes of a video), or an MP3 or AAC audio file
 * @param outputDir where the parts go (created when missing)
 * @param baseName the parts' file name without extension, already made safe by the caller; part 2
 *     of 3 of a video is {@code <baseName>.part2.mp4} with its thumbnail {@code
 *     <baseName>.part2.thumb.jpg}, part 2 of 12 is {@code <baseName>.part02.mp4}
 * @param maxBytes the most one part may hold (the effective upload limit)
 * @param maxParts the most parts the caller will send; a file that needs more is not cut at all
 */
public record SplitRequest(
    Path input, Path outputDir, String baseName, long maxBytes, int maxParts) {

  /** The segment muxer numbers its files with three digits. */
  static final int MOST_PARTS = 999;

  public SplitRequest {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(baseName, "baseName");
    MediaFiles.requirePlainName(baseName);
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    if (maxParts < 1 || maxParts > MOST_PARTS) {
      throw new IllegalArgumentException("maxParts must be 1 to " + MOST_PARTS + ": " + maxParts);
    }
  }
}
