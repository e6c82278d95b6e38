package archiver.core.batch;

import archiver.core.events.EventRecorder;
import archiver.core.jobs.JobService;
import archiver.core.jobs.RejectionReason;
import archiver.core.jobs.SubmitRequest;
import archiver.core.jobs.SubmitResult;
import archiver.core.loop.WakeLoop;
import archiver.domain.Batch;
import archiver.domain.BatchItem;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.Quality;
import archiver.domain.Requester;
import archiver.storage.BatchRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Moves every running batch on (docs/ARCHITECTURE.md, "Playlists"): an item becomes an ordinary job
 * (intake, de-duplication, Telegram's copy) only when the one before it is done — sent to the chat,
 * failed or cancelled — so items arrive in playlist order and a batch holds one place in the queue
 * at a time, never shutting out other users. The database is the queue: after a restart the batches
 * go on where they were. The status message is told at most every {@code editEvery}.
 */
public final class BatchRunner implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

  /** Also checked this often: a job ends or a chat is served without telling the runner. */
  private static final Duration TICK = Duration.ofSeconds(1);

  private record Shown(BatchProgress progress, Instant at) {}

  private final BatchRepository batches;
  private final JobService jobs;
  private final BatchObserver observer;
  private final BatchRecorder recorder;
  private final Clock clock;
  private final Duration editEvery;
  private final Map<Long, Shown> shown = new ConcurrentHashMap<>();
  private final WakeLoop loop;

  public BatchRunner(
      BatchRepository batches,
      JobService jobs,
      BatchObserver observer,
      EventRecorder events,
      Duration editEvery,
      Clock clock) {
    this.batches = batches;
    this.jobs = jobs;
    this.observer = observer;
    this.recorder = new BatchRecorder(events);
    this.editEvery = editEvery;
    this.clock = clock;
    this.loop = new WakeLoop("batches", this::advanceAll, TICK::toMillis, log);
  }

  public void start() {
    loop.start();
  }

  /** Something may have moved (a batch started or was cancelled, a job ended, a chat served). */
  public void wake() {
    loop.wake();
  }

  /** One pass over the running batches. */
  public synchronized void advanceAll() {
    for (Batch batch : batches.running()) {
      try {
        advance(batch);
      } catch (RuntimeException e) {
        log.error("batch {} cannot move on: {}", batch.id(), e.toString(), e);
      }
    }
  }

  private void advance(Batch batch) {
    for (BatchItem listed : batches.items(batch.id())) {
      if (listed.state().isDone()) {
        continue;
      }
      if (listed.state() == BatchItem.State.WAITING && !submit(batch, listed)) {
        break; // maintenance or a full queue: this item waits, and so do those after it
      }
      BatchItem item = current(batch, listed);
      if (item.state().isDone()) {
        continue; // its link was refused: it failed alone, and the next one's turn has come
      }
      Optional<BatchItem.State> ended = settled(batch, item);
      if (ended.isEmpty()) {
        break;
      }
      // A failed job's own failure message has told the chat why; the reason is for the operator.
      String reason = ended.get() == BatchItem.State.SENT ? null : reasonOf(item);
      batches.itemDone(batch.id(), item.position(), ended.get(), reason, clock.instant());
    }
    List<BatchItem> now = batches.items(batch.id());
    BatchProgress progress = BatchProgress.of(now);
    if (progress.done() == progress.total()) {
      finish(batch, progress);
      return;
    }
    report(batch, progress);
  }

  private BatchItem current(Batch batch, BatchItem item) {
    return batches.items(batch.id()).get(item.position() - 1);
  }

  /** Makes the item a job; false when it must wait (maintenance, a full queue). */
  private boolean submit(Batch batch, BatchItem item) {
    Quality quality =
        Quality.parse(batch.requestedQuality()).orElse(Quality.defaultFor(batch.jobType()));
    SubmitResult result =
        jobs.submit(
            SubmitRequest.batchItem(
                item.url(), quality, batch.userId(), batch.chatId(), batch.language(), batch.id()));
    Optional<Job> job =
        switch (result) {
          case SubmitResult.Created c -> Optional.of(c.job());
          case SubmitResult.Linked l -> Optional.of(l.job());
          case SubmitResult.Cached c -> Optional.of(c.job());
          case SubmitResult.AlreadyHandled a -> Optional.empty();
          case SubmitResult.Rejected r -> Optional.empty();
        };
    if (job.isPresent()) {
      batches.itemStarted(batch.id(), item.position(), job.get().id(), clock.instant());
      recorder.onJob(
          job.get().id(),
          new BatchEvent.Item(batch.id(), item.position(), batch.itemCount(), item.title()));
      return true;
    }
    if (result instanceof SubmitResult.Rejected r
        && (r.reason() == RejectionReason.MAINTENANCE
            || r.reason() == RejectionReason.QUEUE_FULL)) {
      log.debug("batch {} item {} waits: {}", batch.id(), item.position(), r.reason());
      return false;
    }
    String reason =
        result instanceof SubmitResult.Rejected r
            ? r.urlRefusal().map(Enum::name).orElse(r.reason().name()) + ": " + r.detail()
            : "not submitted";
    batches.itemDone(batch.id(), item.position(), BatchItem.State.FAILED, reason, clock.instant());
    log.info("batch {} item {} refused: {}", batch.id(), item.position(), reason);
    observer.itemFailed(batch, current(batch, item), reason);
    return true;
  }

  /** How the item ended, once it has: its job ended and the chat was served (or cannot be). */
  private Optional<BatchItem.State> settled(Batch batch, BatchItem item) {
    if (item.jobId() == null) {
      return Optional.of(BatchItem.State.FAILED);
    }
    Optional<Job> job = jobs.find(item.jobId());
    if (job.isEmpty()) {
      return Optional.of(BatchItem.State.FAILED);
    }
    if (job.get().status() == JobStatus.FAILED) {
      return Optional.of(
          job.get().errorType() == archiver.domain.ErrorType.CANCELLED
              ? BatchItem.State.CANCELLED
              : BatchItem.State.FAILED);
    }
    if (job.get().status() != JobStatus.COMPLETED) {
      return Optional.empty();
    }
    Optional<Requester> chat =
        jobs.requesters(item.jobId()).stream()
            .filter(r -> r.chatId() == batch.chatId())
            .findFirst();
    if (chat.isEmpty() || chat.get().delivered()) {
      return Optional.of(BatchItem.State.SENT);
    }
    return chat.get().gaveUpAt() != null ? Optional.of(BatchItem.State.FAILED) : Optional.empty();
  }

  private String reasonOf(BatchItem item) {
    if (item.error() != null) {
      return item.error();
    }
    if (item.jobId() == null) {
      return "no job was made";
    }
    Optional<Job> job = jobs.find(item.jobId());
    if (job.isEmpty()) {
      return "its job " + item.jobId() + " is gone";
    }
    Job j = job.get();
    if (j.status() == JobStatus.COMPLETED) {
      return "the chat could not be sent job " + j.id() + "'s file";
    }
    return j.error().map(Enum::name).orElse("FAILED")
        + (j.errorMessage() == null ? "" : ": " + j.errorMessage());
  }

  private void finish(Batch batch, BatchProgress progress) {
    BatchEvent.Finished finished =
        new BatchEvent.Finished(
            "finished", progress.sent(), progress.failed(), progress.cancelled(), null);
    if (batches.finish(
        batch.id(), Batch.Status.FINISHED, recorder.row(finished), clock.instant())) {
      recorder.logged(batch, finished);
      shown.remove(batch.id());
      observer.finished(batches.find(batch.id()).orElse(batch), progress);
    }
  }

  private void report(Batch batch, BatchProgress progress) {
    Instant now = clock.instant();
    Shown last = shown.get(batch.id());
    if (last != null
        && (last.progress().equals(progress)
            || Duration.between(last.at(), now).compareTo(editEvery) < 0)) {
      return;
    }
    shown.put(batch.id(), new Shown(progress, now));
    observer.progress(batch, progress);
  }

  /**
   * Cancels what the batch has not done (see {@link BatchService#cancel}); between two passes, so
   * no item starts after it.
   */
  synchronized BatchService.CancelResult cancel(long batchId, long userId, boolean byAdmin) {
    Optional<Batch> found = batches.find(batchId);
    if (found.isEmpty()) {
      return BatchService.CancelResult.NO_SUCH_BATCH;
    }
    Batch batch = found.get();
    if (!byAdmin && (batch.userId() == null || batch.userId() != userId)) {
      return BatchService.CancelResult.NOT_YOURS;
    }
    String by = (byAdmin ? "admin " : "user ") + userId;
    List<BatchItem> items = batches.items(batchId);
    BatchProgress before = BatchProgress.of(items);
    BatchEvent.Finished finished =
        new BatchEvent.Finished(
            "cancelled",
            before.sent(),
            before.failed(),
            before.total() - before.sent() - before.failed(),
            by);
    if (!batches.finish(batchId, Batch.Status.CANCELLED, recorder.row(finished), clock.instant())) {
      return BatchService.CancelResult.ALREADY_FINISHED;
    }
    recorder.logged(batch, finished);
    shown.remove(batchId);
    for (BatchItem item : items) {
      if (item.state() == BatchItem.State.RUNNING && item.jobId() != null) {
        batches.itemDone(
            batchId,
            item.position(),
            BatchItem.State.CANCELLED,
            "cancelled by " + by,
            clock.instant());
        jobs.cancel(item.jobId(), by + " (playlist " + batchId + ")", byAdmin);
      }
    }
    return BatchService.CancelResult.CANCELLED;
  }

  /** Stops the loop; batches go on after the next start. */
  public void stop() {
    loop.stop();
    loop.awaitStopped(2000);
  }

  @Override
  public void close() {
    stop();
  }
}
