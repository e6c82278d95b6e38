package archiver.bot;

import java.time.Clock;
import java.time.Duration;

/**
 * A budget of calls that never waits: {@link #tryTake()} says whether a call may go now. Used for
 * status edits, which are worth sending only when they cost no waiting (a later edit supersedes a
 * skipped one).
 */
final class RateGate {

  private final long gapMillis;
  private final Clock clock;
  private long nextAt;

  RateGate(Duration gap, Clock clock) {
    this.gapMillis = gap.toMillis();
    this.clock = clock;
  }

  synchronized boolean tryTake() {
    long now = clock.millis();
    if (now < nextAt) {
      return false;
    }
    nextAt = now + gapMillis;
    return true;
  }
}
