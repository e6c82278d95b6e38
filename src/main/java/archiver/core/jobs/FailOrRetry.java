package archiver.core.jobs;

import archiver.core.delivery.JobObserver;
import archiver.core.upkeep.YtDlpWatch;
import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.Requester;
import archiver.domain.Stage;
import archiver.download.DownloadFailure;
import archiver.logging.JobContext;
import archiver.logging.JobLog;
import archiver.storage.JobRepository;
import archiver.storage.TmpWorkspace;
import java.time.Clock;
import java.util.List;

/**
 * Ends an attempt that failed (docs/ARCHITECTURE.md, "Errors and retries"): a retry when the error
 * is transient and retries remain, or a wait for a live event that starts soon enough (RUNNING ->
 * PENDING), else FAILED, and the requesters are told.
 */
final class FailOrRetry {

  private final JobRepository jobs;
  private final JobStateMachine stateMachine;
  private final RetryPolicy retryPolicy;
  private final TmpWorkspace workspace;
  private final JobObserver observer;
  private final YtDlpWatch ytDlpWatch;
  private final Clock clock;

  /**
   * @param ytDlpWatch hears about failed jobs; null for none
   */
  FailOrRetry(
      JobRepository jobs,
      JobStateMachine stateMachine,
      RetryPolicy retryPolicy,
      TmpWorkspace workspace,
      JobObserver observer,
      YtDlpWatch ytDlpWatch,
      Clock clock) {
    this.jobs = jobs;
    this.stateMachine = stateMachine;
    this.retryPolicy = retryPolicy;
    this.workspace = workspace;
    this.observer = observer;
    this.ytDlpWatch = ytDlpWatch;
    this.clock = clock;
  }

  /**
   * {@code keepOutput}: the file is made and only sending it failed, so a retry sends the same file
   * (the job's files stay until then).
   */
  void failed(Job job, JobContext ctx, DownloadFailure failure, boolean keepOutput) {
    // retry_count is as the scheduler queued it: only this worker changes it while the job runs.
    RetryPolicy.Decision decision =
        retryPolicy.decide(
            failure.type(),
            job.retryCount(),
            failure.retryAfter(),
            job.createdAt(),
            clock.instant());
    if (!(keepOutput && decision instanceof RetryPolicy.Retry)) {
      workspace.deleteTmpDir(job.id());
    }
    switch (decision) {
      case RetryPolicy.Retry retry -> {
        if (stateMachine
            .transition(job.id(), new JobTransition.Retry(failure, retry, keepOutput))
            .applied()) {
          observer.retrying(job, failure.type(), retry.at());
        }
      }
      case RetryPolicy.WaitForStart wait -> {
        if (stateMachine
            .transition(job.id(), new JobTransition.WaitForStart(failure, wait))
            .applied()) {
          observer.retrying(job, failure.type(), wait.startsAt());
        }
      }
      case RetryPolicy.StartsTooLate late ->
          end(
              job,
              ctx,
              JobTransition.Fail.notRetryable(failure.withAdvice(new Advice.StartsAt(late.at()))),
              false);
      case RetryPolicy.NotRetryable n ->
          end(job, ctx, JobTransition.Fail.notRetryable(failure), false);
      case RetryPolicy.RetriesExhausted x ->
          end(job, ctx, JobTransition.Fail.retriesUsedUp(failure, x.maxRetries()), false);
    }
  }

  /** RUNNING -> FAILED with its events, then the chats still waiting are told. */
  void end(Job job, JobContext ctx, JobTransition.Fail fail, boolean byAdmin) {
    DownloadFailure failure = fail.failure();
    TransitionResult failed;
    try (JobLog.Scope s = JobLog.open(ctx, Stage.WORKER)) {
      JobLog.error(failure.type(), failure.httpStatus().orElse(null));
      failed = stateMachine.transition(job.id(), fail);
    }
    if (!failed.applied()) {
      return;
    }
    List<Requester> waiting =
        jobs.requesters(job.id()).stream().filter(Requester::waiting).toList();
    if (failure.type() == ErrorType.CANCELLED) {
      observer.cancelled(job, waiting, byAdmin);
    } else {
      observer.failed(job, waiting, failure.type(), failure.message(), failure.advice());
    }
    if (ytDlpWatch != null) {
      ytDlpWatch.jobFailed(job.id(), failure.type());
    }
  }
}
