package archiver.core.jobs;

import archiver.config.AppConfig;
import archiver.domain.ErrorType;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

/**
 * Whether a failed attempt is tried again (docs/ARCHITECTURE.md, "Errors and retries"): only
 * network errors and rate limits, at most {@code max_retries} times, after the configured backoff —
 * or after the server's Retry-After when that is longer.
 */
public final class RetryPolicy {

  /** The verdict for one failure. */
  public sealed interface Decision {}

  /** Try again not before {@code at}; it will be retry number {@code attempt}. */
  public record Retry(Instant at, int attempt, Duration delay) implements Decision {}

  /** Do not retry: the error is not transient. */
  public record NotRetryable() implements Decision {}

  /** Do not retry: the retries are used up. */
  public record RetriesExhausted(int maxRetries) implements Decision {}

  private final AppConfig.Retries retries;

  public RetryPolicy(AppConfig.Retries retries) {
    this.retries = retries;
  }

  public Decision decide(
      ErrorType type, int retryCountSoFar, Optional<Duration> retryAfter, Instant now) {
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
}
