package archiver.core.jobs;

import archiver.config.AppConfig;
import archiver.core.delivery.ChatDelivery;
import archiver.core.delivery.JobObserver;
import archiver.core.events.EventRecorder;
import archiver.core.pipeline.LongMediaLimits;
import archiver.core.pipeline.MediaProcessor;
import archiver.core.pipeline.MediaRecord;
import archiver.core.pipeline.PipelineOutcome;
import archiver.core.pipeline.PipelineRequest;
import archiver.core.pipeline.ReadyMedia;
import archiver.core.upkeep.YtDlpWatch;
import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.Quality;
import archiver.domain.Stage;
import archiver.download.DownloadFailure;
import archiver.logging.JobContext;
import archiver.logging.JobLog;
import archiver.storage.Archive;
import archiver.storage.ChatSettingsRepository;
import archiver.storage.JobRepository;
import archiver.storage.StorageException;
import archiver.storage.TmpWorkspace;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one QUEUED job to its end on the calling (worker) thread: QUEUED -> RUNNING, the pipeline
 * with its events, archive, delivery, then COMPLETED, a scheduled retry (RUNNING -> PENDING) or
 * FAILED. The overall job timeout and cancellation interrupt the thread; the tools are killed by
 * their runners and the job's files removed. The last steps are their own classes: {@link
 * ArchiveStep}, {@link CompleteStep} and {@link FailOrRetry}.
 */
public final class JobRunner {

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** Why a worker thread was interrupted. */
  enum StopReason {
    CANCELLED,
    TIMEOUT,
    /** The process is stopping: the job stays RUNNING and start-up recovery resumes it. */
    SHUTDOWN
  }

  private final JobRepository jobs;
  private final JobStateMachine stateMachine;
  private final EventRecorder events;
  private final MediaProcessor processor;
  private final TmpWorkspace workspace;
  private final ChatSettingsRepository chatSettings;
  private final JobObserver observer;
  private final AppConfig config;
  private final ScheduledExecutorService timers;
  private final ChatDelivery delivery;
  private final Clock clock;
  private final ArchiveStep archiveStep;
  private final CompleteStep completeStep;
  private final FailOrRetry failOrRetry;

  /**
   * @param ytDlpWatch hears about failed jobs; null for none
   */
  public JobRunner(
      JobRepository jobs,
      JobStateMachine stateMachine,
      EventRecorder events,
      MediaProcessor processor,
      RetryPolicy retryPolicy,
      TmpWorkspace workspace,
      Archive archive,
      ChatSettingsRepository chatSettings,
      JobObserver observer,
      AppConfig config,
      ScheduledExecutorService timers,
      YtDlpWatch ytDlpWatch,
      ChatDelivery delivery,
      Runnable wakeFanOut,
      Clock clock) {
    this.jobs = jobs;
    this.stateMachine = stateMachine;
    this.events = events;
    this.processor = processor;
    this.workspace = workspace;
    this.chatSettings = chatSettings;
    this.observer = observer;
    this.config = config;
    this.timers = timers;
    this.delivery = delivery;
    this.clock = clock;
    // The steps of one run, each with only what it touches.
    this.archiveStep = new ArchiveStep(archive, jobs, events, clock);
    this.completeStep = new CompleteStep(jobs, stateMachine, wakeFanOut);
    this.failOrRetry =
        new FailOrRetry(jobs, stateMachine, retryPolicy, workspace, observer, ytDlpWatch, clock);
  }

  /** A handle the scheduler keeps to stop a running job. */
  public static final class Handle {
    private final AtomicReference<StopReason> stop = new AtomicReference<>();
    private volatile Thread thread;
    private volatile boolean byAdmin;

    boolean stop(StopReason reason) {
      return stop(reason, false);
    }

    boolean stop(StopReason reason, boolean byAdmin) {
      if (!stop.compareAndSet(null, reason)) {
        return false;
      }
      this.byAdmin = byAdmin;
      Thread t = thread;
      if (t != null) {
        t.interrupt();
      }
      return true;
    }

    Optional<StopReason> reason() {
      return Optional.ofNullable(stop.get());
    }
  }

  /**
   * Runs a job the scheduler has just moved to QUEUED, as it was then (only this worker changes it
   * from now on); never throws (every failure ends in a status and events).
   */
  public void run(Job job, Handle handle) {
    handle.thread = Thread.currentThread();
    long jobId = job.id();
    JobContext ctx = JobContext.of(job);
    try (JobLog.Scope scope = JobLog.open(ctx, Stage.WORKER)) {
      if (!stateMachine
          .transition(jobId, new JobTransition.Start(Thread.currentThread().getName()))
          .applied()) {
        return;
      }
      if (handle.reason().isPresent()) {
        // Cancelled between QUEUED and RUNNING.
        finishStopped(job, ctx, handle);
        return;
      }
      ScheduledFuture<?> watchdog =
          timers.schedule(
              () -> handle.stop(StopReason.TIMEOUT),
              config.timeouts().jobSeconds(),
              TimeUnit.SECONDS);
      try {
        runPipeline(job, ctx, handle);
      } finally {
        watchdog.cancel(false);
        Thread.interrupted();
      }
    } catch (RuntimeException e) {
      if (handle.reason().orElse(null) == StopReason.SHUTDOWN) {
        log.warn(
            "job {} interrupted by the stop ({}); it is resumed at the next start",
            jobId,
            e.toString());
        return;
      }
      // A bug or a storage failure: the job must still end, visibly.
      log.error("job {} crashed in the worker: {}", jobId, e.toString(), e);
      failSafely(job, ctx, DownloadFailure.of(ErrorType.UNKNOWN, "internal error: " + e));
    }
  }

  private void runPipeline(Job job, JobContext ctx, Handle handle) {
    if (job.telegramFileId() != null) {
      // A crash came after a chat received the upload and before the job was marked done: the
      // other chats are the fan-out's, from Telegram's copy.
      completeStep.complete(job, List.of(), null);
      return;
    }
    List<ReadyMedia> made = madeBefore(job);
    if (!made.isEmpty()) {
      events.record(
          ctx, new LifecycleEvent.OutputReused(made.getFirst().file().toString(), made.size()));
      send(job, ctx, made, workspace.tmpPathOf(job.id()), handle);
      return;
    }
    Path workDir;
    try {
      workDir = workspace.tmpDirFor(job);
    } catch (StorageException e) {
      failOrRetry.failed(job, ctx, DownloadFailure.of(ErrorType.UNKNOWN, e.getMessage()), false);
      return;
    }
    Quality quality =
        Quality.parse(job.requestedQuality()).orElse(Quality.defaultFor(job.jobType()));
    PipelineRequest request =
        new PipelineRequest(
            ctx,
            fetchUri(job),
            job.sourceType(),
            quality,
            config.effectiveMaxFileSizeBytes(),
            workDir,
            LongMediaLimits.of(config.limits()));
    PipelineOutcome outcome;
    try {
      outcome = processor.run(request, new PipelineEvents(job, ctx, events, observer, jobs, clock));
    } catch (InterruptedException e) {
      finishStopped(job, ctx, handle);
      return;
    }
    if (handle.reason().isPresent()) {
      finishStopped(job, ctx, handle);
      return;
    }
    switch (outcome) {
      case PipelineOutcome.Failed failed -> failOrRetry.failed(job, ctx, failed.failure(), false);
      case PipelineOutcome.Succeeded ok -> complete(job, ctx, ok.parts(), workDir, handle);
    }
  }

  /**
   * The files an earlier attempt made and validated, when they are all still there: an upload that
   * Telegram failed (or a crash cut) is tried again with the same files, not a second download and
   * conversion. A single file may have moved into the archive since.
   */
  private static List<ReadyMedia> madeBefore(Job job) {
    if (job.filePath() == null) {
      return List.of();
    }
    List<MediaRecord> records = MediaRecord.parseAll(job.media());
    List<ReadyMedia> parts = new ArrayList<>();
    for (MediaRecord r : records) {
      Path file = records.size() == 1 ? Path.of(job.filePath()) : Path.of(r.file());
      Optional<ReadyMedia> media = r.toReadyMedia(file);
      if (media.isEmpty()) {
        return List.of();
      }
      parts.add(media.get());
    }
    return parts;
  }

  private void complete(
      Job job, JobContext ctx, List<ReadyMedia> parts, Path workDir, Handle handle) {
    ReadyMedia first = parts.getFirst();
    long total = parts.stream().mapToLong(ReadyMedia::sizeBytes).sum();
    boolean archiveMode = job.chatId() != null && chatSettings.get(job.chatId()).archiveMode();
    Optional<JobRepository.RecordedOutput> recorded =
        jobs.recordOutput(
            job.id(),
            first.title(),
            first.file().toString(),
            total,
            MediaRecord.toJson(parts),
            parts.size(),
            List.of(),
            clock.instant());
    if (recorded.isEmpty()) {
      log.error("job {} disappeared from the database while it ran; nothing to deliver", job.id());
      return;
    }
    Job current = recorded.get().job();
    List<ReadyMedia> toSend = parts;
    if (archiveMode) {
      ArchiveStep.Archived archived = archiveStep.archive(current, ctx, parts);
      toSend = archived.parts();
      current = archived.job();
    }
    send(current, ctx, toSend, workDir, handle);
  }

  /** Uploads the files to the first chat; the job is done as soon as Telegram holds every part. */
  private void send(Job job, JobContext ctx, List<ReadyMedia> parts, Path workDir, Handle handle) {
    ChatDelivery.UploadOutcome outcome;
    try (JobLog.Scope scope = JobLog.open(ctx, Stage.TELEGRAM_SEND)) {
      outcome = delivery.uploadFirst(job, parts);
    }
    switch (outcome) {
      case ChatDelivery.UploadOutcome.Failed failed when handle.reason().isPresent() ->
          finishStopped(job, ctx, handle);
      case ChatDelivery.UploadOutcome.Failed failed -> {
        JobObserver.SendResult.Failed f = failed.failure();
        DownloadFailure failure =
            new DownloadFailure(f.type(), f.message(), f.httpStatus(), f.retryAfter(), "");
        failOrRetry.failed(job, ctx, failure, true);
      }
      case ChatDelivery.UploadOutcome.Uploaded uploaded ->
          completeStep.sent(job, workDir, parts, uploaded.fileId());
      case ChatDelivery.UploadOutcome.NothingToSend nothing ->
          completeStep.sent(job, workDir, parts, null);
    }
  }

  private void finishStopped(Job job, JobContext ctx, Handle handle) {
    StopReason reason = handle.reason().orElse(StopReason.CANCELLED);
    if (reason == StopReason.SHUTDOWN) {
      // Not a failure: left RUNNING, so start-up recovery takes it up again.
      log.warn("job {} interrupted by the stop; it is resumed at the next start", job.id());
      return;
    }
    workspace.deleteTmpDir(job.id());
    DownloadFailure failure =
        reason == StopReason.TIMEOUT
            ? DownloadFailure.of(
                ErrorType.TIMEOUT,
                "the job took longer than " + config.timeouts().jobSeconds() + " s")
            : DownloadFailure.of(
                ErrorType.CANCELLED, handle.byAdmin ? "cancelled by an admin" : "cancelled");
    failOrRetry.end(job, ctx, JobTransition.Fail.ended(failure), handle.byAdmin);
  }

  private void failSafely(Job job, JobContext ctx, DownloadFailure failure) {
    try {
      Job current = jobs.findById(job.id()).orElse(job);
      if (current.status() == JobStatus.RUNNING) {
        workspace.deleteTmpDir(job.id());
        failOrRetry.end(current, ctx, JobTransition.Fail.ended(failure), false);
      }
    } catch (RuntimeException e) {
      log.error(
          "job {} could not be marked failed: {}; start-up recovery will handle it",
          job.id(),
          e.toString());
    }
  }

  /**
   * The link to fetch: the normalised URL is what the guard accepted (https, canonical YouTube
   * watch URL without playlist parameters).
   */
  private static URI fetchUri(Job job) {
    return URI.create(job.normalizedUrl());
  }
}
