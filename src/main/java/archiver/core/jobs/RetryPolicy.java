package archiver.core.jobs;

import archiver.config.AppConfig;
import archiver.domain.ErrorType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a failed attempt is tried again (docs/ARCHITECTURE.md, "Errors and retries"): only
 * network errors and rate limits, at most {@code max_retries} times, after the configured backoff —
 * or after the server's Retry-After when that is longer. A live event or premiere that has not
 * started is waited for instead, up to {@code max_live_wait_days} after the job was asked for,
 * without using a retry: the site said when to come back.
 */
public final class RetryPolicy {

  /** The verdict for one failure. */
  public sealed interface Decision {}

  /** Try again not before {@code at}; it will be retry number {@code attempt}. */
  public record Retry(Instant at, int attempt, Duration delay) implements Decision {}

  /** Do not retry: the error is not transient. */
  public record NotRetryable() implements Decision {}

  /**
   * A live event or premiere starts at {@code startsAt}: try at {@code at} (then, or a minute from
   * now if sooner), without counting a retry. YouTube rounds ("in 3 hours"), so the attempt then
   * may hear a closer figure and wait again.
   */
  public record WaitForStart(Instant startsAt, Instant at) implements Decision {}

  /** It starts after the longest wait the job may have ({@code retries.max_live_wait_days}). */
  public record StartsTooLate(Instant at) implements Decision {}

  /** Do not retry: the retries are used up. */
  public record RetriesExhausted(int maxRetries) implements Decision {}

  private final AppConfig.Retries retries;

  public RetryPolicy(AppConfig.Retries retries) {
    this.retries = retries;
  }

  /**
   * Never sooner than this after an attempt, whatever the site says: "in a few moments" repeated
   * must not turn into a busy loop of metadata fetches.
   */
  static final Duration SHORTEST_LIVE_WAIT = Duration.ofMinutes(1);

  /**
   * @param askedAt when the job was asked for: a live wait ends {@code max_live_wait_days} after it
   */
  public Decision decide(
      ErrorType type,
      int retryCountSoFar,
      Optional<Duration> retryAfter,
      Instant askedAt,
      Instant now) {
    if (type == ErrorType.NOT_YET_LIVE && retryAfter.isPresent()) {
      return waitForStart(retryAfter.get(), askedAt, now);
    }
    if (!type.isRetryable()) {
      return new NotRetryable();
    }
    if (retryCountSoFar >= retries.maxRetries()) {
      return new RetriesExhausted(retries.maxRetries());
    }
    int attempt = retryCountSoFar + 1;
    Duration delay = retries.backoffFor(attempt);
    if (retryAfter.isPresent() && retryAfter.get().compareTo(delay) > 0) {
      delay = retryAfter.get();
    }
    return new Retry(now.plus(delay), attempt, delay);
  }

  private Decision waitForStart(Duration untilStart, Instant askedAt, Instant now) {
    Instant startsAt = now.plus(untilStart);
    if (startsAt.isAfter(askedAt.plus(retries.maxLiveWait()))) {
      return new StartsTooLate(startsAt);
    }
    Duration wait = untilStart.compareTo(SHORTEST_LIVE_WAIT) < 0 ? SHORTEST_LIVE_WAIT : untilStart;
    return new WaitForStart(startsAt, now.plus(wait));
  }
}
