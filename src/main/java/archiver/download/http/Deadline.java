package archiver.download.http;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;

/**
 * The moment a whole request must be done by: every redirect hop, the headers and the body. It
 * becomes each hop's OkHttp call timeout, which runs until the response body is closed, so a server
 * that drips a byte at a time cannot hold a download past it.
 */
record Deadline(Instant at, Clock clock) {

  static Deadline in(Duration budget, Clock clock) {
    if (budget.isNegative() || budget.isZero()) {
      throw new IllegalArgumentException("a deadline needs a positive budget");
    }
    return new Deadline(clock.instant().plus(budget), clock);
  }

  /** The time left, zero once it has passed. */
  Duration remaining() {
    Duration left = Duration.between(clock.instant(), at);
    return left.isNegative() ? Duration.ZERO : left;
  }

  boolean passed() {
    return remaining().isZero();
  }

  /** OkHttp cancels the call when the time left runs out; {@code Call.isCanceled()} tells. */
  void applyTo(Call call) {
    call.timeout().timeout(Math.max(1, remaining().toMillis()), TimeUnit.MILLISECONDS);
  }
}
