package archiver.domain;

import java.util.Locale;
import java.util.Optional;

/** The qualities a user may ask for; {@link #code()} is the normalised form used in job keys. */
public enum Quality {
  BEST("best", JobType.VIDEO, Integer.MAX_VALUE),
  P1080("1080p", JobType.VIDEO, 1080),
  P720("720p", JobType.VIDEO, 720),
  P480("480p", JobType.VIDEO, 480),
  P360("360p", JobType.VIDEO, 360),
  AUDIO_BEST("audio_best", JobType.AUDIO, Integer.MAX_VALUE),
  AUDIO_128("audio_128", JobType.AUDIO, 128),
  AUDIO_64("audio_64", JobType.AUDIO, 64),
  /** The original, as the source has it at its best (no re-encode), sent as a document. */
  FILE("file", JobType.FILE, Integer.MAX_VALUE);

  private final String code;
  private final JobType jobType;

  /** Max video height in pixels, or max audio bitrate in kbit/s; MAX_VALUE for "best". */
  private final int limit;

  Quality(String code, JobType jobType, int limit) {
    this.code = code;
    this.jobType = jobType;
    this.limit = limit;
  }

  public String code() {
    return code;
  }

  public JobType jobType() {
    return jobType;
  }

  public int limit() {
    return limit;
  }

  /** The quality used when a user did not choose one: 720p video, medium (128k) audio. */
  public static Quality defaultFor(JobType type) {
    return switch (type) {
      case VIDEO -> P720;
      case AUDIO -> AUDIO_128;
      case FILE -> FILE;
    };
  }

  /** Reads "720p", "720", "AUDIO_128", " Best " and the like; empty when it is none of ours. */
  public static Optional<Quality> parse(String text) {
    if (text == null) {
      return Optional.empty();
    }
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.matches("\\d{3,4}")) {
      t = t + "p";
    }
    for (Quality q : values()) {
      if (q.code.equals(t) || q.name().toLowerCase(Locale.ROOT).equals(t)) {
        return Optional.of(q);
      }
    }
    return Optional.empty();
  }
}
