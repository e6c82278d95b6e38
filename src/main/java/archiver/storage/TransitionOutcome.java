package archiver.storage;

import archiver.domain.JobStatus;

/** What a compare-and-set of {@code jobs.status} found. */
public sealed interface TransitionOutcome {

  /** The row had the expected status and now has the new one; its event rows are written. */
  record Applied() implements TransitionOutcome {}

  /** The row had already moved on: nothing was written. */
  record Lost(JobStatus actual) implements TransitionOutcome {}

  /** There is no such job. */
  record NotFound() implements TransitionOutcome {}
}
