package archiver.download.media;

import java.time.Duration;
import java.util.Optional;

/**
 * The time left for one post-processing call, which runs ffmpeg several times under a single
 * configured timeout. It counts what the tools report as elapsed, so it needs no clock.
 */
final class TimeBudget {

  private final Duration total;
  private Duration spent = Duration.ZERO;

  TimeBudget(Duration total) {
    this.total = total;
  }

  /** What is left, or empty when nothing is. */
  Optional<Duration> remaining() {
    Duration left = total.minus(spent);
    return left.isNegative() || left.isZero() ? Optional.empty() : Optional.of(left);
  }

  void spend(Duration elapsed) {
    spent = spent.plus(elapsed);
  }

  Duration total() {
    return total;
  }
}
