package archiver.download.ytdlp;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * One entry of yt-dlp's {@code formats} list.
 *
 * <p>yt-dlp distinguishes three states per stream, and so do we: a codec name ("avc1.640028"),
 * {@code "none"} (the format has no such stream, e.g. the audio of a YouTube DASH video format),
 * and a missing value (unknown, e.g. the generic extractor on a direct file link). {@link
 * #vcodec()} and {@link #acodec()} hold a codec name only; {@link #hasVideo()} and {@link
 * #hasAudio()} are false only when yt-dlp said {@code "none"}, as in yt-dlp's own format filters.
 *
 * @param bitrates in kbit/s, as yt-dlp reports them
 */
public record YtDlpFormat(
    String formatId,
    String ext,
    Optional<String> vcodec,
    Optional<String> acodec,
    boolean hasVideo,
    boolean hasAudio,
    OptionalInt width,
    OptionalInt height,
    OptionalDouble fps,
    OptionalDouble tbr,
    OptionalDouble vbr,
    OptionalDouble abr,
    OptionalLong filesize,
    OptionalLong filesizeApprox,
    String protocol,
    String url) {

  public YtDlpFormat {
    Objects.requireNonNull(formatId, "formatId");
    ext = ext == null ? "" : ext;
    protocol = protocol == null ? "" : protocol;
    url = url == null ? "" : url;
  }

  /** Video without audio (a DASH video-only format). */
  public boolean isVideoOnly() {
    return hasVideo && !hasAudio;
  }

  /** Audio without video (a DASH audio-only format, an MP3). */
  public boolean isAudioOnly() {
    return hasAudio && !hasVideo;
  }

  /** Both streams, or unknown (a progressive format like YouTube's 18, a direct file). */
  public boolean isCombined() {
    return hasVideo && hasAudio;
  }

  /** H.264, which Telegram plays inline without re-encoding. */
  public boolean hasH264Video() {
    return vcodec.map(c -> startsWithAny(c, "avc1", "avc3", "h264")).orElse(false);
  }

  /** AAC or MP3, which Telegram plays without re-encoding. */
  public boolean hasTelegramAudio() {
    return acodec.map(c -> startsWithAny(c, "mp4a", "aac", "mp3")).orElse(false);
  }

  /**
   * The "p" number of the format: the shorter side when both are known, so that a portrait
   * 1080x1920 video counts as 1080p as it does on YouTube; else the height alone.
   */
  public OptionalInt resolution() {
    if (height.isPresent() && width.isPresent()) {
      return OptionalInt.of(Math.min(width.getAsInt(), height.getAsInt()));
    }
    return height;
  }

  /**
   * The size in bytes: filesize, else filesize_approx, else bitrate x duration (tbr, else vbr + abr
   * for the streams this format has).
   */
  public OptionalLong estimatedBytes(OptionalDouble durationSeconds) {
    if (filesize.isPresent()) {
      return filesize;
    }
    if (filesizeApprox.isPresent()) {
      return filesizeApprox;
    }
    if (durationSeconds.isEmpty()) {
      return OptionalLong.empty();
    }
    double kbps;
    if (tbr.isPresent()) {
      kbps = tbr.getAsDouble();
    } else {
      double sum = 0;
      boolean known = false;
      if (hasVideo && vbr.isPresent()) {
        sum += vbr.getAsDouble();
        known = true;
      }
      if (hasAudio && abr.isPresent()) {
        sum += abr.getAsDouble();
        known = true;
      }
      if (!known) {
        return OptionalLong.empty();
      }
      kbps = sum;
    }
    return OptionalLong.of(Math.round(kbps * 1000 / 8 * durationSeconds.getAsDouble()));
  }

  /** The audio bitrate in kbit/s: abr, else tbr for an audio-only format. */
  public OptionalDouble audioBitrate() {
    if (abr.isPresent()) {
      return abr;
    }
    return isAudioOnly() ? tbr : OptionalDouble.empty();
  }

  /** The video bitrate in kbit/s: vbr, else tbr. */
  public OptionalDouble videoBitrate() {
    return vbr.isPresent() ? vbr : tbr;
  }

  private static boolean startsWithAny(String codec, String... prefixes) {
    String c = codec.toLowerCase(Locale.ROOT);
    for (String p : prefixes) {
      if (c.startsWith(p)) {
        return true;
      }
    }
    return false;
  }
}
