package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.core.batch.BatchObserver;
import archiver.core.batch.BatchProgress;
import archiver.core.batch.BatchService;
import archiver.core.delivery.JobObserver;
import archiver.core.delivery.Piece;
import archiver.core.jobs.SubmitResult;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.Batch;
import archiver.domain.BatchItem;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.NewBatch;
import archiver.domain.Quality;
import archiver.domain.Requester;
import archiver.storage.ArchiveMetadata;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.UnaryOperator;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A playlist's batch against the real core and SQLite (docs/ARCHITECTURE.md, "Playlists"): its
 * items become jobs one at a time, in order, each once the one before reached the chat; a refused
 * or failed item fails alone; Cancel stops the rest; a user runs one batch at a time, and its jobs
 * do not use up the user's own limits.
 */
class BatchOrchestrationTest {

  private static final long USER = 501;
  private static final long CHAT = 501;

  @TempDir Path dir;
  private OrchestrationHarness h;
  private final List<Long> sentJobs = new CopyOnWriteArrayList<>();
  private final List<String> reports = new CopyOnWriteArrayList<>();

  private final JobObserver telegram =
      new JobObserver() {
        @Override
        public SendResult upload(Job job, Requester to, ReadyMedia media, Piece piece) {
          sentJobs.add(job.id());
          return new SendResult.Sent(sentJobs.size(), "FILE-" + job.id());
        }

        @Override
        public SendResult resend(Job job, Requester to, Piece piece, String fileId) {
          sentJobs.add(job.id());
          return new SendResult.Sent(sentJobs.size(), fileId);
        }
      };

  private final BatchObserver board =
      new BatchObserver() {
        @Override
        public void progress(Batch batch, BatchProgress p) {
          reports.add("progress " + p.sent() + "/" + p.total());
        }

        @Override
        public void itemFailed(Batch batch, BatchItem item, String reason) {
          reports.add("refused " + item.position());
        }

        @Override
        public void finished(Batch batch, BatchProgress p) {
          reports.add("finished " + p.sent() + "/" + p.total() + " failed " + p.failed());
        }
      };

  private void start(FakeProcessor processor, UnaryOperator<AppConfig> adjust) {
    h = new OrchestrationHarness(dir, processor, telegram, board, adjust);
  }

  @AfterEach
  void close() {
    if (h != null) {
      h.close();
    }
  }

  private static BatchService.Offer offer(String... links) {
    List<NewBatch.Item> items =
        IntStream.range(0, links.length)
            .mapToObj(i -> new NewBatch.Item(links[i], "Lecture " + (i + 1)))
            .toList();
    return new BatchService.Offer(
        "https://media.example.org/series.xml",
        "series",
        "Tafsir series",
        links.length,
        false,
        items,
        Optional.empty());
  }

  private Batch startBatch(long user, BatchService.Offer offer) {
    return ((BatchService.Created)
            h.core.batches().start(offer, Quality.AUDIO_BEST, user, user, "en", 77))
        .batch();
  }

  private List<BatchItem> items(Batch b) {
    return h.db.batches().items(b.id());
  }

  /** One runner pass, then the workers it woke, until nothing moves. */
  private void runToTheEnd(Batch b) {
    for (int pass = 0;
        pass < 50 && !h.db.batches().find(b.id()).orElseThrow().status().isOver();
        pass++) {
      h.core.batchRunner().advanceAll();
      h.dispatchAndWait();
      h.core.fanOut().startDue();
    }
  }

  @Test
  @DisplayName(
      "Items become jobs one at a time, in playlist order, each after the one before reached the chat")
  void itemsRunOneAtATimeInOrder() {
    start(new FakeProcessor(), c -> c);
    Batch b =
        startBatch(
            USER,
            offer(
                "https://media.example.org/one.mp3",
                "https://media.example.org/two.mp3",
                "https://media.example.org/three.mp3"));

    h.core.batchRunner().advanceAll();
    assertThat(h.db.jobs().list(Optional.empty(), 10)).hasSize(1);
    assertThat(items(b))
        .extracting(BatchItem::state)
        .containsExactly(BatchItem.State.RUNNING, BatchItem.State.WAITING, BatchItem.State.WAITING);
    h.core.batchRunner().advanceAll();
    assertThat(h.db.jobs().list(Optional.empty(), 10))
        .as("not before the first is sent")
        .hasSize(1);

    runToTheEnd(b);

    assertThat(h.db.batches().find(b.id()).orElseThrow().status()).isEqualTo(Batch.Status.FINISHED);
    List<BatchItem> done = items(b);
    assertThat(done).extracting(BatchItem::state).containsOnly(BatchItem.State.SENT);
    assertThat(sentJobs)
        .containsExactly(done.get(0).jobId(), done.get(1).jobId(), done.get(2).jobId());
    assertThat(h.events(done.get(1).jobId())).contains(EventType.BATCH_ITEM);
    assertThat(h.db.jobs().seriesOf(done.get(1).jobId()))
        .contains(new ArchiveMetadata.Series("Tafsir series", 2, 3));
    assertThat(h.db.batches().events(b.id()))
        .extracting(e -> e.type())
        .containsExactly(EventType.BATCH_CREATED, EventType.BATCH_FINISHED);
    assertThat(reports).last().isEqualTo("finished 3/3 failed 0");
  }

  @Test
  @DisplayName("A refused item link and a failed item fail alone; the others are sent")
  void aRefusedAndAFailedItemFailAlone() {
    start(
        new FakeProcessor().script("two.mp3", new FakeProcessor.Fail(ErrorType.HTTP_ERROR)),
        c -> c);
    Batch b =
        startBatch(
            USER,
            offer(
                "https://media.example.org/one.mp3",
                "https://media.example.org/two.mp3",
                "ftp://media.example.org/three.mp3",
                "https://media.example.org/four.mp3"));

    runToTheEnd(b);

    List<BatchItem> done = items(b);
    assertThat(done)
        .extracting(BatchItem::state)
        .containsExactly(
            BatchItem.State.SENT,
            BatchItem.State.FAILED,
            BatchItem.State.FAILED,
            BatchItem.State.SENT);
    assertThat(done.get(1).error()).startsWith("HTTP_ERROR");
    assertThat(done.get(2).jobId()).as("a refused link makes no job").isNull();
    assertThat(done.get(2).error()).contains("BAD_SCHEME");
    assertThat(reports).contains("refused 3").last().isEqualTo("finished 2/4 failed 2");
  }

  @Test
  @DisplayName("A batch's jobs do not use up the user's hourly limit on single links")
  void batchItemsDoNotCountAgainstTheUsersLimits() {
    start(
        new FakeProcessor(),
        c ->
            OrchestrationHarness.withLimits(
                c,
                new AppConfig.Limits(
                    2,
                    c.limits().maxParallelJobsPerSource(),
                    c.limits().maxQueueLength(),
                    1,
                    2,
                    2,
                    c.limits().maxFileSizeBytes(),
                    c.limits().maxPartsPerJob(),
                    c.limits().maxDurationSeconds(),
                    c.limits().audioMinKbps())));
    Batch b =
        startBatch(
            USER,
            offer(
                "https://media.example.org/a.mp3",
                "https://media.example.org/b.mp3",
                "https://media.example.org/c.mp3"));

    runToTheEnd(b);

    assertThat(items(b)).extracting(BatchItem::state).containsOnly(BatchItem.State.SENT);
    assertThat(h.submit("https://media.example.org/single.mp3", USER, CHAT))
        .isInstanceOf(SubmitResult.Created.class);
  }

  @Test
  @DisplayName("A user runs one batch at a time; another user's batch starts")
  void oneBatchAtATimePerUser() {
    start(new FakeProcessor(), c -> c);
    Batch first = startBatch(USER, offer("https://media.example.org/a.mp3"));

    BatchService.Started second =
        h.core
            .batches()
            .start(
                offer("https://media.example.org/b.mp3"), Quality.AUDIO_BEST, USER, CHAT, "en", 78);
    BatchService.Started other =
        h.core
            .batches()
            .start(
                offer("https://media.example.org/b.mp3"), Quality.AUDIO_BEST, 999L, 999L, "en", 79);

    assertThat(second)
        .isInstanceOfSatisfying(
            BatchService.OtherBatchRunning.class,
            r -> assertThat(r.running().id()).isEqualTo(first.id()));
    assertThat(other).isInstanceOf(BatchService.Created.class);
  }

  @Test
  @DisplayName(
      "Cancel leaves the items not done CANCELLED, cancels the running one, and starts nothing more")
  void cancelStopsTheRest() throws Exception {
    java.util.concurrent.CountDownLatch started = new java.util.concurrent.CountDownLatch(1);
    start(
        new FakeProcessor().script("two.mp3", new FakeProcessor.BlockUntilInterrupted(started)),
        c -> c);
    Batch b =
        startBatch(
            USER,
            offer(
                "https://media.example.org/one.mp3",
                "https://media.example.org/two.mp3",
                "https://media.example.org/three.mp3"));
    h.core.batchRunner().advanceAll();
    h.dispatchAndWait();
    h.core.batchRunner().advanceAll();
    h.core.scheduler().dispatchOnce();
    assertThat(started.await(10, java.util.concurrent.TimeUnit.SECONDS)).isTrue();

    assertThat(h.core.batches().cancel(b.id(), 12345, false))
        .isEqualTo(BatchService.CancelResult.NOT_YOURS);
    assertThat(h.core.batches().cancel(b.id(), USER, false))
        .isEqualTo(BatchService.CancelResult.CANCELLED);
    long running = items(b).get(1).jobId();
    h.awaitStatus(running, archiver.domain.JobStatus.FAILED);
    h.core.batchRunner().advanceAll();

    assertThat(items(b))
        .extracting(BatchItem::state)
        .containsExactly(
            BatchItem.State.SENT, BatchItem.State.CANCELLED, BatchItem.State.CANCELLED);
    assertThat(items(b).get(2).jobId()).isNull();
    assertThat(h.db.jobs().list(Optional.empty(), 10)).hasSize(2);
    assertThat(h.core.batches().cancel(b.id(), USER, false))
        .isEqualTo(BatchService.CancelResult.ALREADY_FINISHED);
    assertThat(h.db.batches().events(b.id()).getLast().dataJson())
        .contains("\"outcome\":\"cancelled\"")
        .contains("\"by\":\"user " + USER + "\"");
  }
}
