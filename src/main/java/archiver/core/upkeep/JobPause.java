package archiver.core.upkeep;

import java.time.Duration;

/**
 * Holds new jobs back while running ones finish, for a yt-dlp update; the scheduler implements it
 * (no job is ever interrupted for it).
 */
public interface JobPause {

  /** No job starts until {@link #resume()}; jobs asked for meanwhile wait. */
  void pause();

  /** Waits, at most {@code limit}, until no job runs; whether none runs. */
  boolean awaitIdle(Duration limit) throws InterruptedException;

  void resume();
}
