package archiver.core;

import archiver.config.AppConfig;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.Quality;
import archiver.domain.Requester;
import archiver.domain.Stage;
import archiver.download.DownloadFailure;
import archiver.domain.DownloadProgress;
import archiver.logging.JobContext;
import archiver.logging.JobLog;
import archiver.storage.Archive;
import archiver.storage.ArchiveMetadata;
import archiver.storage.ChatSettingsRepository;
import archiver.storage.JobRepository;
import archiver.storage.StorageException;
import archiver.storage.TmpWorkspace;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one QUEUED job to its end on the calling (worker) thread: QUEUED -> RUNNING, the pipeline
 * with its events, archive, delivery, then COMPLETED, a scheduled retry (RUNNING -> PENDING) or
 * FAILED. The overall job timeout and cancellation interrupt the thread; the tools are killed by
 * their runners and the job's files removed.
 */
public final class JobRunner {

  private static final Logger log = LoggerFactory.getLogger(JobRunner.class);

  /** Progress is written to the job row at most this often. */
  static final long PROGRESS_WRITE_MILLIS = 3_000;

  /** Why a worker thread was interrupted. */
  enum StopReason {
    CANCELLED,
    TIMEOUT
  }

  private final JobRepository jobs;
  private final JobStateMachine stateMachine;
  private final EventRecorder events;
  private final MediaProcessor processor;
  private final RetryPolicy retryPolicy;
  private final TmpWorkspace workspace;
  private final Archive archive;
  private final ChatSettingsRepository chatSettings;
  private final JobObserver observer;
  private final AppConfig config;
  private final ScheduledExecutorService timers;
  private final YtDlpWatch ytDlpWatch;
  private final ChatDelivery delivery;
  private final Runnable wakeFanOut;
  private final Clock clock;

  JobRunner(
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
    this.retryPolicy = retryPolicy;
    this.workspace = workspace;
    this.archive = archive;
    this.chatSettings = chatSettings;
    this.observer = observer;
    this.config = config;
    this.timers = timers;
    this.ytDlpWatch = ytDlpWatch;
    this.delivery = delivery;
    this.wakeFanOut = wakeFanOut;
    this.clock = clock;
  }

  /** A handle the scheduler keeps to stop a running job. */
  static final class Handle {
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
  void run(Job job, Handle handle) {
    handle.thread = Thread.currentThread();
    long jobId = job.id();
    JobContext ctx = JobService.context(job);
    try (JobLog.Scope scope = JobLog.open(ctx, Stage.WORKER)) {
      if (!stateMachine.transition(jobId, new JobTransition.Start(Thread.currentThread().getName())).applied()) {
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
      // A bug or a storage failure: the job must still end, visibly.
      log.error("job {} crashed in the worker: {}", jobId, e.toString(), e);
      failSafely(job, ctx, DownloadFailure.of(ErrorType.UNKNOWN, "internal error: " + e));
    }
  }

  private void runPipeline(Job job, JobContext ctx, Handle handle) {
    if (job.telegramFileId() != null) {
      // A crash came after a chat received the upload and before the job was marked done: the
      // other chats are the fan-out's, from Telegram's copy.
      completed(job, List.of(), null);
      return;
    }
    List<ReadyMedia> made = madeBefore(job);
    if (!made.isEmpty()) {
      events.record(ctx, new LifecycleEvent.OutputReused(made.getFirst().file().toString(), made.size()));
      send(job, ctx, made, workspace.tmpPathOf(job.id()), handle);
      return;
    }
    Path workDir;
    try {
      workDir = workspace.tmpDirFor(job);
    } catch (StorageException e) {
      fail(job, ctx, DownloadFailure.of(ErrorType.UNKNOWN, e.getMessage()), false);
      return;
    }
    Quality quality = Quality.parse(job.requestedQuality()).orElse(Quality.defaultFor(job.jobType()));
    PipelineRequest request =
        new PipelineRequest(
            ctx, fetchUri(job), job.sourceType(), quality, config.effectiveMaxFileSizeBytes(), workDir,
            LongMediaLimits.of(config.limits()));
    PipelineOutcome outcome;
    try {
      outcome = processor.run(request, new Listener(job, ctx));
    } catch (InterruptedException e) {
      finishStopped(job, ctx, handle);
      return;
    }
    if (handle.reason().isPresent()) {
      finishStopped(job, ctx, handle);
      return;
    }
    switch (outcome) {
      case PipelineOutcome.Failed failed -> fail(job, ctx, failed.failure(), false);
      case PipelineOutcome.Succeeded ok -> complete(job, ctx, ok.parts(), workDir, handle);
    }
  }

  /**
   * The files an earlier attempt made and validated, when they are all still there: an upload
   * that Telegram failed (or a crash cut) is tried again with the same files, not a second
   * download and conversion. A single file may have moved into the archive since.
   */
  private static List<ReadyMedia> madeBefore(Job job) {
    if (job.filePath() == null) {
      return List.of();
    }
    List<MediaRecord> records = MediaRecord.parseAll(job.media());
    List<ReadyMedia> parts = new java.util.ArrayList<>();
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

  private void complete(Job job, JobContext ctx, List<ReadyMedia> parts, Path workDir, Handle handle) {
    ReadyMedia first = parts.getFirst();
    long total = parts.stream().mapToLong(ReadyMedia::sizeBytes).sum();
    boolean archiveMode = job.chatId() != null && chatSettings.get(job.chatId()).archiveMode();
    Optional<JobRepository.RecordedOutput> recorded =
        jobs.recordOutput(
            job.id(), first.title(), first.file().toString(), total, MediaRecord.toJson(parts), parts.size(),
            List.of(), clock.instant());
    if (recorded.isEmpty()) {
      log.error("job {} disappeared from the database while it ran; nothing to deliver", job.id());
      return;
    }
    Job current = recorded.get().job();
    List<ReadyMedia> toSend = parts;
    if (archiveMode) {
      Archived archived = archive(current, ctx, parts);
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
        fail(job, ctx, failure, true);
      }
      case ChatDelivery.UploadOutcome.Uploaded uploaded -> {
        removeIntermediateFiles(workDir, parts);
        completed(job, parts, uploaded.fileId());
      }
      case ChatDelivery.UploadOutcome.NothingToSend nothing -> {
        removeIntermediateFiles(workDir, parts);
        completed(job, parts, null);
      }
    }
  }

  /** RUNNING -> COMPLETED, then the other chats are served from Telegram's copy. */
  private void completed(Job job, List<ReadyMedia> parts, String fileId) {
    Job current = jobs.findById(job.id()).orElse(job);
    long waiting = jobs.requesters(job.id()).stream().filter(Requester::waiting).count();
    LifecycleEvent.JobCompleted completed =
        new LifecycleEvent.JobCompleted(
            parts.isEmpty() ? String.valueOf(current.filePath()) : parts.getFirst().file().toString(),
            parts.isEmpty()
                ? (current.fileSizeBytes() == null ? 0L : current.fileSizeBytes())
                : parts.stream().mapToLong(ReadyMedia::sizeBytes).sum(),
            current.partCount() > 1 ? current.partCount() : null,
            current.archived(),
            fileId != null || current.telegramFileId() != null,
            waiting);
    TransitionResult done = stateMachine.transition(job.id(), new JobTransition.Complete(completed));
    if (done.applied() && waiting > 0) {
      wakeFanOut.run();
    }
  }

  /** The files to send after archiving (from the archive), and the job as it now is. */
  private record Archived(List<ReadyMedia> parts, Job job) {}

  /**
   * Moves the files into the archive, parts as "title - part k of N", and records where they are:
   * the job's file path (the first part) and, for parts, the media record, so a retry sends them
   * from the archive instead of downloading again. A part that cannot be archived stays where it
   * is and is sent from there; the job counts as archived only when every part is.
   */
  private Archived archive(Job job, JobContext ctx, List<ReadyMedia> parts) {
    List<ReadyMedia> placed = new java.util.ArrayList<>();
    List<String> archivedPaths = new java.util.ArrayList<>();
    String error = null;
    for (int i = 0; i < parts.size(); i++) {
      ReadyMedia media = parts.get(i);
      String name = media.file().getFileName().toString();
      String ext = name.contains(".") ? name.substring(name.lastIndexOf('.') + 1) : "";
      String title = parts.size() == 1 ? media.title() : media.title() + " - part " + (i + 1) + " of " + parts.size();
      try {
        Path target = archive.archivePathFor(job, new ArchiveMetadata(title, media.mediaId().orElse(null), ext));
        Path archived = archive.archive(media.file(), target);
        placed.add(withFile(media, archived));
        archivedPaths.add(archived.toString());
      } catch (StorageException e) {
        // The user still gets the media; the operator sees why it is not in the archive.
        log.error("job {}: archiving failed: {}", job.id(), e.getMessage());
        error = String.valueOf(e.getMessage());
        placed.add(media);
      }
    }
    if (archivedPaths.isEmpty()) {
      events.record(ctx, LifecycleEvent.Archived.nothing(error));
      return new Archived(parts, job);
    }
    LifecycleEvent.Archived done =
        new LifecycleEvent.Archived(archivedPaths.getFirst(), parts.size() > 1 ? archivedPaths : null, error);
    boolean whole = error == null;
    Job updated =
        events
            .writeWith(
                job.id(), List.of(done),
                rows -> jobs.markArchived(
                    job.id(), placed.getFirst().file().toString(), MediaRecord.toJson(placed), whole, rows,
                    clock.instant()))
            .orElse(job);
    return new Archived(placed, updated);
  }

  /**
   * Ends an attempt that failed: a retry when the error is transient and retries remain, else
   * FAILED. {@code keepOutput}: the file is made and only sending it failed, so a retry sends the
   * same file (the job's files stay until then).
   */
  private void fail(Job job, JobContext ctx, DownloadFailure failure, boolean keepOutput) {
    // retry_count is as the scheduler queued it: only this worker changes it while the job runs.
    RetryPolicy.Decision decision =
        retryPolicy.decide(failure.type(), job.retryCount(), failure.retryAfter(), clock.instant());
    if (!(keepOutput && decision instanceof RetryPolicy.Retry)) {
      workspace.deleteTmpDir(job.id());
    }
    switch (decision) {
      case RetryPolicy.Retry retry -> {
        if (stateMachine.transition(job.id(), new JobTransition.Retry(failure, retry, keepOutput)).applied()) {
          observer.retrying(job, failure.type(), retry.at());
        }
      }
      case RetryPolicy.NotRetryable n -> finalFailure(job, ctx, JobTransition.Fail.notRetryable(failure), false);
      case RetryPolicy.RetriesExhausted x ->
          finalFailure(job, ctx, JobTransition.Fail.retriesUsedUp(failure, x.maxRetries()), false);
    }
  }

  /** RUNNING -> FAILED with its events, then the chats still waiting are told. */
  private void finalFailure(Job job, JobContext ctx, JobTransition.Fail fail, boolean byAdmin) {
    DownloadFailure failure = fail.failure();
    TransitionResult failed;
    try (JobLog.Scope s = JobLog.open(ctx, Stage.WORKER)) {
      JobLog.error(failure.type(), failure.httpStatus().orElse(null));
      failed = stateMachine.transition(job.id(), fail);
    }
    if (failed.applied()) {
      List<Requester> waiting = jobs.requesters(job.id()).stream().filter(Requester::waiting).toList();
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

  private void finishStopped(Job job, JobContext ctx, Handle handle) {
    workspace.deleteTmpDir(job.id());
    StopReason reason = handle.reason().orElse(StopReason.CANCELLED);
    DownloadFailure failure =
        reason == StopReason.TIMEOUT
            ? DownloadFailure.of(
                ErrorType.TIMEOUT, "the job took longer than " + config.timeouts().jobSeconds() + " s")
            : DownloadFailure.of(ErrorType.CANCELLED, handle.byAdmin ? "cancelled by an admin" : "cancelled");
    finalFailure(job, ctx, JobTransition.Fail.ended(failure), handle.byAdmin);
  }

  private void failSafely(Job job, JobContext ctx, DownloadFailure failure) {
    try {
      Job current = jobs.findById(job.id()).orElse(job);
      if (current.status() == JobStatus.RUNNING) {
        workspace.deleteTmpDir(job.id());
        finalFailure(current, ctx, JobTransition.Fail.ended(failure), false);
      }
    } catch (RuntimeException e) {
      log.error("job {} could not be marked failed: {}; start-up recovery will handle it", job.id(), e.toString());
    }
  }

  /** Keeps the files to send and their thumbnails; the download and other leftovers go. */
  private static void removeIntermediateFiles(Path workDir, List<ReadyMedia> parts) {
    java.util.Set<Path> keep = new java.util.HashSet<>();
    for (ReadyMedia m : parts) {
      keep.add(m.file());
      m.thumbnail().ifPresent(keep::add);
    }
    if (!Files.isDirectory(workDir)) {
      return;
    }
    try (Stream<Path> files = Files.walk(workDir)) {
      files
          .filter(Files::isRegularFile)
          .filter(p -> !keep.contains(p))
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  log.warn("cannot delete {}: {}", p, e.getMessage());
                }
              });
    } catch (IOException e) {
      log.warn("cannot clean {}: {}", workDir, e.getMessage());
    }
  }

  private static ReadyMedia withFile(ReadyMedia m, Path file) {
    return new ReadyMedia(
        file, m.thumbnail(), m.jobType(), m.title(), m.performer(), m.mediaId(), m.info(),
        m.sizeBytes(), m.reencoded(), m.faststart());
  }

  /**
   * The link to fetch: the normalised URL is what the guard accepted (https, canonical YouTube
   * watch URL without playlist parameters).
   */
  private static URI fetchUri(Job job) {
    return URI.create(job.normalizedUrl());
  }

  /** Records pipeline events for the job and passes them on to the observer. */
  private final class Listener implements PipelineListener {
    private final Job job;
    private final JobContext ctx;
    private volatile long lastProgressWrite;

    Listener(Job job, JobContext ctx) {
      this.job = job;
      this.ctx = ctx;
    }

    @Override
    public void event(EventType type, Map<String, ?> data) {
      events.record(ctx, Stage.DOWNLOAD, type, data);
      observer.stage(job, type, data);
    }

    @Override
    public void progress(DownloadProgress progress) {
      observer.progress(job, progress);
      long now = clock.millis();
      if (now - lastProgressWrite >= PROGRESS_WRITE_MILLIS) {
        lastProgressWrite = now;
        StringBuilder json = new StringBuilder("{\"downloaded_bytes\":").append(progress.downloadedBytes());
        progress.totalBytes().ifPresent(t -> json.append(",\"total_bytes\":").append(t));
        progress.percent().ifPresent(p -> json.append(",\"percent\":").append(p));
        json.append(",\"at\":\"").append(Instant.ofEpochMilli(now)).append("\"}");
        jobs.updateProgress(job.id(), json.toString(), Instant.ofEpochMilli(now));
      }
    }
  }
}
