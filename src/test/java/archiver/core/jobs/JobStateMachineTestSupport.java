package archiver.core.jobs;

import archiver.domain.JobType;
import archiver.domain.NewJob;
import archiver.domain.SourceType;
import java.util.concurrent.atomic.AtomicLong;

/** Test data for job-store tests. */
public final class JobStateMachineTestSupport {
  private static final AtomicLong KEYS = new AtomicLong();

  private JobStateMachineTestSupport() {}

  /** A valid YouTube job with a unique job key. */
  public static NewJob newJob() {
    return new NewJob(
        "https://youtu.be/dQw4w9WgXcQ",
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ",
        "dQw4w9WgXcQ",
        SourceType.YOUTUBE,
        JobType.VIDEO,
        "720p",
        "key-" + KEYS.incrementAndGet(),
        null,
        42L,
        4242L);
  }
}
