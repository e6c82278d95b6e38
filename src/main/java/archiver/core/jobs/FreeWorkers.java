package archiver.core.jobs;

import archiver.domain.SourceType;

/** How many more jobs of a source could start right now; the scheduler implements it. */
public interface FreeWorkers {

  /** Free places for a job of {@code source}: within the global and the per-source limit. */
  int freeFor(SourceType source);

  /** Whether no job starts for now, however many are free (a yt-dlp update is under way). */
  default boolean paused() {
    return false;
  }
}
