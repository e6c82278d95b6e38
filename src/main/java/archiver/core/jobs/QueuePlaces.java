package archiver.core.jobs;

import archiver.domain.Job;
import archiver.storage.JobRepository;
import java.time.Clock;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Where a new job stands: it starts at once while a worker is free for it, else it waits behind the
 * due jobs the scheduler takes first. What a user sees as "Queued (position N)".
 */
final class QueuePlaces {

  private final JobRepository jobs;
  private final FreeWorkers workers;
  private final Clock clock;

  QueuePlaces(JobRepository jobs, FreeWorkers workers, Clock clock) {
    this.jobs = jobs;
    this.workers = workers;
    this.clock = clock;
  }

  boolean paused() {
    return workers.paused();
  }

  /** 1 for the next to run; empty when the job starts at once or already has a worker. */
  OptionalInt of(long jobId) {
    Optional<Job> job = jobs.findById(jobId);
    if (job.isEmpty()) {
      return OptionalInt.empty();
    }
    // Free workers first, then the status: a worker the scheduler takes for this very job in
    // between shows as the job no longer PENDING, never as "no worker free".
    int free = workers.freeFor(job.get().sourceType());
    Optional<Integer> ahead = jobs.dueAhead(jobId, clock.instant());
    if (ahead.isEmpty() || ahead.get() < free) {
      return OptionalInt.empty();
    }
    return OptionalInt.of(ahead.get() - free + 1);
  }
}
