package archiver.download.media;

import java.util.Locale;
import java.util.Objects;

/**
 * One stream as ffprobe reports it. Numbers ffprobe does not know (or that do not apply to the
 * stream's type) are 0; text it does not know is empty.
 *
 * @param index the stream's index in the file, as used by {@code -map 0:<index>}
 * @param attachedPicture the stream is cover art (ffprobe's {@code disposition.attached_pic}): a
 *     single picture stored as a video stream, which is not a real video
 * @param bitRate bits per second
 * @param sampleRate samples per second
 * @param pixelFormat e.g. {@code yuv420p}; decides whether H.264 can be copied as it is
 */
public record StreamInfo(
    int index,
    Type type,
    boolean attachedPicture,
    String codecName,
    int width,
    int height,
    long bitRate,
    int channels,
    int sampleRate,
    String pixelFormat) {

  /** The kinds of stream the pipeline cares about; subtitles, data and the rest are OTHER. */
  public enum Type {
    VIDEO,
    AUDIO,
    OTHER
  }

  public StreamInfo {
    Objects.requireNonNull(type, "type");
    codecName = codecName == null ? "" : codecName.toLowerCase(Locale.ROOT);
    pixelFormat = pixelFormat == null ? "" : pixelFormat;
  }

  /** A moving picture: a video stream that is not cover art. */
  public boolean isRealVideo() {
    return type == Type.VIDEO && !attachedPicture;
  }

  public boolean isAudio() {
    return type == Type.AUDIO;
  }
}
