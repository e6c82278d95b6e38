package archiver.download.media;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What ffprobe found in a file. Numbers it did not know are 0.
 *
 * @param formatNames the demuxer's names, e.g. {@code [mov, mp4, m4a, 3gp, 3g2, mj2]}
 * @param bitRate bits per second of the whole file
 * @param tags the container's metadata with lower-case keys ({@code title}, {@code artist}, ...)
 */
public record MediaInfo(
    List<String> formatNames,
    double durationSeconds,
    long sizeBytes,
    long bitRate,
    List<StreamInfo> streams,
    Map<String, String> tags) {

  public MediaInfo {
    formatNames = List.copyOf(formatNames);
    streams = List.copyOf(streams);
    tags = Map.copyOf(tags);
  }

  /** Video streams that are moving pictures, cover art left out. */
  public List<StreamInfo> videoStreams() {
    List<StreamInfo> result = new ArrayList<>();
    for (StreamInfo s : streams) {
      if (s.isRealVideo()) {
        result.add(s);
      }
    }
    return result;
  }

  public List<StreamInfo> audioStreams() {
    List<StreamInfo> result = new ArrayList<>();
    for (StreamInfo s : streams) {
      if (s.isAudio()) {
        result.add(s);
      }
    }
    return result;
  }

  public Optional<StreamInfo> firstVideo() {
    return videoStreams().stream().findFirst();
  }

  public Optional<StreamInfo> firstAudio() {
    return audioStreams().stream().findFirst();
  }

  public Optional<StreamInfo> coverArt() {
    for (StreamInfo s : streams) {
      if (s.type() == StreamInfo.Type.VIDEO && s.attachedPicture()) {
        return Optional.of(s);
      }
    }
    return Optional.empty();
  }

  public boolean isFormat(String name) {
    return formatNames.contains(name);
  }

  /**
   * A short description for logs and the {@code fetch} command, e.g. {@code h264 640x360 + aac}.
   */
  public String codecSummary() {
    List<String> parts = new ArrayList<>();
    for (StreamInfo s : videoStreams()) {
      parts.add(s.codecName() + " " + s.width() + "x" + s.height());
    }
    for (StreamInfo s : audioStreams()) {
      parts.add(s.codecName());
    }
    return parts.isEmpty() ? "no streams" : String.join(" + ", parts);
  }
}
