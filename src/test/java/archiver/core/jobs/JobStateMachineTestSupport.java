package archiver.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.NewJob;
import archiver.domain.SourceType;
import archiver.storage.JobRepository;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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

  /** Creates a job and walks it to {@code target} through legal transitions. */
  static long jobIn(JobRepository jobs, JobStateMachine machine, Instant now, JobStatus target) {
    long id = jobs.insert(newJob(), now, "{}").id();
    List<JobStatus> path =
        switch (target) {
          case PENDING -> List.of();
          case QUEUED -> List.of(JobStatus.QUEUED);
          case RUNNING -> List.of(JobStatus.QUEUED, JobStatus.RUNNING);
          case COMPLETED -> List.of(JobStatus.QUEUED, JobStatus.RUNNING, JobStatus.COMPLETED);
          case FAILED -> List.of(JobStatus.FAILED);
        };
    JobStatus current = JobStatus.PENDING;
    for (JobStatus next : path) {
      assertThat(machine.transition(id, new JobTransition.StatusOnly(current, next, Map.of())))
          .isEqualTo(TransitionResult.APPLIED);
      current = next;
    }
    return id;
  }
}
