package archiver.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * What a user can do about a failure, beyond its type: the bot words it in the user's language (and
 * may offer a button), so a refusal names the numbers and the way that works instead of a generic
 * "try a lower quality".
 */
public sealed interface Advice {

  /** A short stable name for events and logs. */
  String code();

  /** Asked as video, the link has sound only: it can come as audio. */
  record AudioOnly() implements Advice {
    @Override
    public String code() {
      return "audio_only";
    }
  }

  /**
   * The original is over the upload limit; it is sent only as it is, never split or re-encoded.
   *
   * @param sizeBytes its size when the source told it
   */
  record FileTooLarge(Optional<Long> sizeBytes, long limitBytes) implements Advice {
    @Override
    public String code() {
      return "file_too_large";
    }
  }

  /** Even in the most parts a job may have ({@code limits.max_parts_per_job}) it would not fit. */
  record TooManyParts(int maxParts, long partBytes) implements Advice {
    @Override
    public String code() {
      return "too_many_parts";
    }
  }

  /** Longer than {@code limits.max_duration_seconds}. */
  record TooLong(long seconds, long maxSeconds) implements Advice {
    @Override
    public String code() {
      return "too_long";
    }
  }

  /**
   * A live event or premiere that starts at {@code at}: later than the job may wait ({@code
   * retries.max_live_wait_days}), so the user is told when to send the link again.
   */
  record StartsAt(Instant at) implements Advice {
    @Override
    public String code() {
      return "starts_at";
    }
  }
}
