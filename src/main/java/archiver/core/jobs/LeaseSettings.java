package archiver.core.jobs;

import java.time.Duration;

/**
 * How a process keeps the jobs it took (docs/ARCHITECTURE.md, "Processes and leases"): it renews
 * its heartbeat every {@code heartbeat}; a process silent for {@code expiry} is gone and its jobs
 * are taken over. {@code shared}: other processes share the queue (PostgreSQL), so takeovers are
 * looked for all the time, not only at start-up.
 */
public record LeaseSettings(Duration heartbeat, Duration expiry, boolean shared) {

  /** One process on its own database (SQLite and its instance lock). */
  public static final LeaseSettings SOLE =
      new LeaseSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), false);

  public LeaseSettings {
    if (heartbeat.isNegative() || heartbeat.isZero()) {
      throw new IllegalArgumentException("heartbeat must be positive: " + heartbeat);
    }
    if (expiry.compareTo(heartbeat.multipliedBy(2)) < 0) {
      // One late heartbeat (a pause, a slow commit) must not cost a process its jobs.
      throw new IllegalArgumentException(
          "a lease must outlast two heartbeats: " + expiry + " < 2 x " + heartbeat);
    }
  }

  /** A queue shared with other processes, leases of {@code expiry}, renewed three times in it. */
  public static LeaseSettings shared(Duration expiry) {
    return new LeaseSettings(expiry.dividedBy(3), expiry, true);
  }
}
