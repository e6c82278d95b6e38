package archiver.download.media;

import java.util.Objects;

/**
 * Where the media tools are: a command name found on the PATH or a path to the executable
 * (configuration keys {@code tools.ffmpeg} and {@code tools.ffprobe}).
 */
public record MediaTools(String ffmpeg, String ffprobe) {

  public MediaTools {
    Objects.requireNonNull(ffmpeg, "ffmpeg");
    Objects.requireNonNull(ffprobe, "ffprobe");
    if (ffmpeg.isBlank() || ffprobe.isBlank()) {
      throw new IllegalArgumentException("tool paths must not be blank");
    }
  }

  /** The tools as found on the PATH. */
  public static MediaTools onPath() {
    return new MediaTools("ffmpeg", "ffprobe");
  }
}
