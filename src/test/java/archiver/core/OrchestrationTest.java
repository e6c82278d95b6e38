package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.core.delivery.JobObserver;
import archiver.core.delivery.Piece;
import archiver.core.events.EventRecorder;
import archiver.core.jobs.JobService;
import archiver.core.jobs.JobStateMachine;
import archiver.core.jobs.JobTransition;
import archiver.core.jobs.RejectionReason;
import archiver.core.jobs.RetryPolicy;
import archiver.core.jobs.SubmitResult;
import archiver.core.pipeline.MediaRecord;
import archiver.core.pipeline.ReadyMedia;
import archiver.core.upkeep.TmpCleanup;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.RefusalReason;
import archiver.domain.SourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OrchestrationTest {

  @TempDir Path dir;

  private static String youtubeId(int n) {
    String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
    StringBuilder sb = new StringBuilder();
    long v = n + 1_000_000L;
    for (int i = 0; i < 11; i++) {
      sb.append(alphabet.charAt((int) (v % 64)));
      v /= 64;
    }
    return sb.toString();
  }

  @Test
  @DisplayName(
      "1,000 jobs from 50 users: all end, none runs twice, limits hold, timelines complete")
  void thousandJobsFromFiftyUsers() {
    FakeProcessor processor =
        new FakeProcessor(
            url ->
                url.contains("fail")
                    ? new FakeProcessor.Fail(ErrorType.FORMAT_NOT_FOUND)
                    : new FakeProcessor.Succeed());
    AppConfig.Limits limits =
        new AppConfig.Limits(
            4,
            Map.of(SourceType.YOUTUBE, 2, SourceType.GENERIC, 3),
            5000,
            1000,
            1000,
            1000,
            52_428_800L);
    try (OrchestrationHarness h =
        new OrchestrationHarness(
            dir, processor, JobObserver.NONE, c -> OrchestrationHarness.withLimits(c, limits))) {
      List<Long> ids = new ArrayList<>();
      for (int i = 0; i < 1000; i++) {
        long user = i % 50;
        String url =
            i % 2 == 0
                ? "https://www.youtube.com/watch?v=" + youtubeId(i)
                : "https://media.example.org/" + (i % 10 == 1 ? "fail" : "ok") + i + ".mp3";
        ids.add(h.created(h.submit(url, user, 1000 + user)));
      }
      h.core.start();
      Awaitility.await()
          .atMost(Duration.ofSeconds(120))
          .until(
              () ->
                  h.db.jobs().countByStatus().get(JobStatus.COMPLETED)
                          + h.db.jobs().countByStatus().get(JobStatus.FAILED)
                      == 1000);
      // A job's last event is written just after its final status: let the workers finish.
      Awaitility.await()
          .atMost(Duration.ofSeconds(30))
          .until(() -> h.core.scheduler().activeCount() == 0);

      assertThat(processor.runs()).isEqualTo(1000);
      assertThat(processor.maxRunning()).isBetween(1, 4);
      assertThat(processor.maxRunning(SourceType.YOUTUBE)).isLessThanOrEqualTo(2);
      assertThat(processor.maxRunning(SourceType.GENERIC)).isLessThanOrEqualTo(3);
      for (long id : ids) {
        Job job = h.job(id);
        List<EventType> events = h.events(id);
        assertThat(events.stream().filter(e -> e == EventType.WORKER_ASSIGNED))
            .as("job %d", id)
            .hasSize(1);
        if (job.status() == JobStatus.COMPLETED) {
          assertThat(events)
              .as("job %d", id)
              .containsExactly(
                  EventType.JOB_CREATED,
                  EventType.STATUS_CHANGED,
                  EventType.STATUS_CHANGED,
                  EventType.WORKER_ASSIGNED,
                  EventType.METADATA_FETCH_STARTED,
                  EventType.METADATA_FETCH_FINISHED,
                  EventType.CAPABILITY_CHECK_PASSED,
                  EventType.DOWNLOAD_STARTED,
                  EventType.DOWNLOAD_FINISHED,
                  EventType.POSTPROCESS_STARTED,
                  EventType.POSTPROCESS_FINISHED,
                  EventType.OUTPUT_VALIDATED,
                  EventType.TELEGRAM_SEND_STARTED,
                  EventType.TELEGRAM_SEND_FINISHED,
                  EventType.STATUS_CHANGED,
                  EventType.JOB_COMPLETED);
        } else {
          assertThat(job.status()).isEqualTo(JobStatus.FAILED);
          assertThat(job.errorType()).isEqualTo(ErrorType.FORMAT_NOT_FOUND);
          assertThat(events)
              .as("job %d", id)
              .containsExactly(
                  EventType.JOB_CREATED,
                  EventType.STATUS_CHANGED,
                  EventType.STATUS_CHANGED,
                  EventType.WORKER_ASSIGNED,
                  EventType.METADATA_FETCH_STARTED,
                  EventType.METADATA_FETCH_FAILED,
                  EventType.RETRY_SKIPPED,
                  EventType.STATUS_CHANGED,
                  EventType.JOB_FAILED);
        }
      }
      assertThat(h.db.jobs().countByStatus().get(JobStatus.FAILED)).isEqualTo(100);
    }
  }

  @Test
  void givenNetworkErrorTwiceThenSuccess_thenCompletedWithRetryCountTwoAndBackoffHonoured() {
    FakeProcessor processor =
        new FakeProcessor()
            .script(
                "flaky",
                new FakeProcessor.Fail(ErrorType.NETWORK_ERROR),
                new FakeProcessor.Fail(ErrorType.NETWORK_ERROR));
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, processor, JobObserver.NONE, c -> c)) {
      long id = h.created(h.submit("https://media.example.org/flaky.mp4", 1, 1));

      assertThat(h.dispatchAndWait()).isEqualTo(1);
      assertThat(h.job(id).status()).isEqualTo(JobStatus.PENDING);
      assertThat(h.job(id).nextAttemptAt()).isEqualTo(h.clock.instant().plusSeconds(60));
      assertThat(h.dispatchAndWait()).as("not due yet").isZero();
      h.clock.advance(Duration.ofSeconds(59));
      assertThat(h.dispatchAndWait()).as("one second early").isZero();
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(h.dispatchAndWait()).isEqualTo(1);
      assertThat(h.job(id).retryCount()).isEqualTo(2);
      assertThat(h.job(id).nextAttemptAt()).isEqualTo(h.clock.instant().plusSeconds(300));
      h.clock.advance(Duration.ofSeconds(299));
      assertThat(h.dispatchAndWait()).isZero();
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(h.dispatchAndWait()).isEqualTo(1);

      Job job = h.job(id);
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.retryCount()).isEqualTo(2);
      assertThat(h.events(id).stream().filter(e -> e == EventType.RETRY_SCHEDULED)).hasSize(2);
    }
  }

  @Test
  void givenAuthError_thenNoRetryAndRetrySkipped() {
    FakeProcessor processor =
        new FakeProcessor().script("auth", new FakeProcessor.Fail(ErrorType.AUTH_ERROR));
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, processor, JobObserver.NONE, c -> c)) {
      long id = h.created(h.submit("https://media.example.org/auth.mp4", 1, 1));
      h.dispatchAndWait();
      Job job = h.job(id);
      assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      assertThat(job.errorType()).isEqualTo(ErrorType.AUTH_ERROR);
      assertThat(job.retryCount()).isZero();
      assertThat(h.events(id))
          .contains(EventType.RETRY_SKIPPED, EventType.JOB_FAILED)
          .doesNotContain(EventType.RETRY_SCHEDULED);
    }
  }

  @Test
  void givenAlwaysFailing_thenMaxRetriesReachedAfterMaxRetries() {
    FakeProcessor processor =
        new FakeProcessor(url -> new FakeProcessor.Fail(ErrorType.NETWORK_ERROR));
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, processor, JobObserver.NONE, c -> c)) {
      long id = h.created(h.submit("https://media.example.org/down.mp4", 1, 1));
      for (int i = 0; i < 4; i++) {
        assertThat(h.dispatchAndWait()).isEqualTo(1);
        h.clock.advance(Duration.ofHours(1));
      }
      Job job = h.job(id);
      assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      assertThat(job.retryCount()).isEqualTo(3);
      assertThat(job.errorType()).isEqualTo(ErrorType.NETWORK_ERROR);
      assertThat(h.events(id))
          .endsWith(EventType.MAX_RETRIES_REACHED, EventType.STATUS_CHANGED, EventType.JOB_FAILED);
      assertThat(processor.runs()).isEqualTo(4);
    }
  }

  @Test
  void givenRateLimitWithLongRetryAfter_thenTheServersDelayWins() {
    FakeProcessor processor =
        new FakeProcessor()
            .script(
                "busy",
                new FakeProcessor.Fail(ErrorType.RATE_LIMIT, Optional.of(Duration.ofSeconds(600))));
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, processor, JobObserver.NONE, c -> c)) {
      long id = h.created(h.submit("https://media.example.org/busy.mp4", 1, 1));
      h.dispatchAndWait();
      assertThat(h.job(id).nextAttemptAt()).isEqualTo(h.clock.instant().plusSeconds(600));
    }
  }

  @Test
  void eachLimitRejectsWithItsReasonAndLeavesNoRow() {
    AppConfig.Limits limits = new AppConfig.Limits(1, Map.of(), 3, 2, 3, 4, 52_428_800L);
    try (OrchestrationHarness h =
        new OrchestrationHarness(
            dir,
            new FakeProcessor(),
            JobObserver.NONE,
            c -> OrchestrationHarness.withLimits(c, limits))) {
      h.created(h.submit("https://media.example.org/a1.mp3", 1, 100));
      h.created(h.submit("https://media.example.org/a2.mp3", 1, 100));
      assertRejected(
          h.submit("https://media.example.org/a3.mp3", 1, 100),
          RejectionReason.TOO_MANY_ACTIVE_JOBS);
      h.created(h.submit("https://media.example.org/b1.mp3", 2, 200));
      assertRejected(
          h.submit("https://media.example.org/c1.mp3", 3, 300), RejectionReason.QUEUE_FULL);

      h.dispatchAndWait();
      h.dispatchAndWait();
      h.dispatchAndWait();
      h.created(h.submit("https://media.example.org/a4.mp3", 1, 100));
      SubmitResult hourly = h.submit("https://media.example.org/a5.mp3", 1, 100);
      assertRejected(hourly, RejectionReason.USER_HOURLY_LIMIT);
      assertThat(((SubmitResult.Rejected) hourly).freesAt())
          .contains(h.clock.instant().plus(Duration.ofHours(1)));
      h.created(h.submit("https://media.example.org/d1.mp3", 4, 100));
      assertRejected(
          h.submit("https://media.example.org/d2.mp3", 5, 100), RejectionReason.CHAT_HOURLY_LIMIT);

      SubmitResult refused = h.submit("file:///etc/passwd", 6, 600);
      assertRejected(refused, RejectionReason.URL_REFUSED);
      assertThat(((SubmitResult.Rejected) refused).urlRefusal()).contains(RefusalReason.BAD_SCHEME);

      h.core.jobs().setMaintenance(true);
      assertRejected(
          h.submit("https://media.example.org/m.mp3", 7, 700), RejectionReason.MAINTENANCE);

      assertThat(h.db.jobs().list(Optional.empty(), 100)).hasSize(5);
      h.clock.advance(Duration.ofMinutes(61));
      h.core.jobs().setMaintenance(false);
      assertThat(h.submit("https://media.example.org/a6.mp3", 1, 100))
          .isInstanceOf(SubmitResult.Created.class);
    }
  }

  @Test
  @DisplayName(
      "Eight requests at once for the one free place in the queue: one job, seven QUEUE_FULL")
  void givenOneFreePlace_whenRequestsRace_thenExactlyOneIsCreated() throws Exception {
    AppConfig.Limits limits = new AppConfig.Limits(1, Map.of(), 1, 10, 100, 100, 52_428_800L);
    try (OrchestrationHarness h =
        new OrchestrationHarness(
            dir,
            new FakeProcessor(),
            JobObserver.NONE,
            c -> OrchestrationHarness.withLimits(c, limits))) {
      java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(8);
      List<java.util.concurrent.Future<SubmitResult>> results = new ArrayList<>();
      try (var pool = java.util.concurrent.Executors.newFixedThreadPool(8)) {
        for (int i = 0; i < 8; i++) {
          int n = i;
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return h.submit("https://media.example.org/race" + n + ".mp3", n, 1000 + n);
                  }));
        }
      }
      List<SubmitResult> all = new ArrayList<>();
      for (var f : results) {
        all.add(f.get());
      }
      assertThat(all).filteredOn(r -> r instanceof SubmitResult.Created).hasSize(1);
      assertThat(all)
          .filteredOn(
              r -> r instanceof SubmitResult.Rejected x && x.reason() == RejectionReason.QUEUE_FULL)
          .hasSize(7);
      assertThat(h.db.jobs().list(Optional.empty(), 100)).hasSize(1);
    }
  }

  private static void assertRejected(SubmitResult r, RejectionReason reason) {
    assertThat(r)
        .isInstanceOfSatisfying(
            SubmitResult.Rejected.class, x -> assertThat(x.reason()).isEqualTo(reason));
  }

  @Test
  void
      givenTwoChatsAskingForTheSameLink_thenOneDownloadTwoDeliveriesThenFileIdAnswersLaterRequests() {
    List<Long> deliveredTo = new ArrayList<>();
    JobObserver observer =
        new JobObserver() {
          @Override
          public SendResult upload(
              Job job, archiver.domain.Requester to, ReadyMedia media, Piece piece) {
            synchronized (deliveredTo) {
              deliveredTo.add(to.chatId());
              return new SendResult.Sent(deliveredTo.size(), "FILE-" + job.id());
            }
          }

          @Override
          public SendResult resend(
              Job job, archiver.domain.Requester to, Piece piece, String fileId) {
            synchronized (deliveredTo) {
              deliveredTo.add(to.chatId());
              return new SendResult.Sent(deliveredTo.size(), fileId);
            }
          }
        };
    FakeProcessor processor = new FakeProcessor();
    try (OrchestrationHarness h = new OrchestrationHarness(dir, processor, observer, c -> c)) {
      SubmitResult first = h.submit("https://youtu.be/dQw4w9WgXcQ", 1, 100);
      SubmitResult second = h.submit("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=5", 2, 200);
      long id = h.created(first);
      assertThat(second)
          .isInstanceOfSatisfying(
              SubmitResult.Linked.class,
              l -> {
                assertThat(l.job().id()).isEqualTo(id);
                assertThat(l.attached()).isTrue();
              });
      h.dispatchAndWait();

      // The worker uploads once, to the first asker; the fan-out serves the other from file_id.
      assertThat(processor.runs()).isEqualTo(1);
      assertThat(h.job(id).status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(h.job(id).telegramFileId()).isEqualTo("FILE-" + id);
      assertThat(deliveredTo).containsExactly(100L);
      h.core.fanOut().startDue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  h.db.deliveries().requesters(id).stream()
                      .allMatch(archiver.domain.Requester::delivered));
      assertThat(deliveredTo).containsExactly(100L, 200L);

      SubmitResult later = h.submit("https://m.youtube.com/watch?v=dQw4w9WgXcQ", 3, 300);
      assertThat(later)
          .isInstanceOfSatisfying(
              SubmitResult.Cached.class, c -> assertThat(c.job().id()).isEqualTo(id));
      assertThat(h.dispatchAndWait()).isZero();
      h.core.fanOut().startDue();
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(
              () ->
                  h.db.deliveries().requesters(id).stream()
                      .allMatch(archiver.domain.Requester::delivered));
      assertThat(deliveredTo).containsExactly(100L, 200L, 300L);
      assertThat(processor.runs()).isEqualTo(1);
      assertThat(h.events(id)).contains(EventType.REQUESTER_ATTACHED);
      assertThat(
              h.db.events().forJob(id).stream()
                  .filter(e -> e.type() == EventType.TELEGRAM_SEND_FINISHED))
          .as("one TELEGRAM_SEND_FINISHED per chat")
          .hasSize(3);
    }
  }

  @Test
  void givenWaitingJob_whenCancelled_thenFailedCancelledAndNeverRuns() {
    FakeProcessor processor = new FakeProcessor();
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, processor, JobObserver.NONE, c -> c)) {
      long id = h.created(h.submit("https://media.example.org/x.mp3", 1, 1));
      assertThat(h.core.jobs().cancel(id, "user 1", false))
          .isEqualTo(JobService.CancelResult.CANCELLED);
      assertThat(h.job(id).status()).isEqualTo(JobStatus.FAILED);
      assertThat(h.job(id).errorType()).isEqualTo(ErrorType.CANCELLED);
      assertThat(h.dispatchAndWait()).isZero();
      assertThat(h.core.jobs().cancel(id, "user 1", false))
          .as("already ended")
          .isEqualTo(JobService.CancelResult.ALREADY_FINISHED);
    }
  }

  @Test
  void givenRunningJob_whenCancelled_thenWorkerStopsAndFilesAreRemoved() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    FakeProcessor processor =
        new FakeProcessor().script("slow", new FakeProcessor.BlockUntilInterrupted(started));
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, processor, JobObserver.NONE, c -> c)) {
      long id = h.created(h.submit("https://media.example.org/slow.mp4", 1, 1));
      h.core.scheduler().dispatchOnce();
      assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
      assertThat(h.job(id).status()).isEqualTo(JobStatus.RUNNING);

      assertThat(h.core.jobs().cancel(id, "admin 9", true))
          .isEqualTo(JobService.CancelResult.CANCELLED);

      h.awaitStatus(id, JobStatus.FAILED);
      assertThat(h.job(id).errorType()).isEqualTo(ErrorType.CANCELLED);
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.events(id).contains(EventType.JOB_FAILED));
      assertThat(dir.resolve("tmp/job-" + id)).doesNotExist();
      assertThat(h.events(id)).contains(EventType.JOB_CANCELLED, EventType.JOB_FAILED);
    }
  }

  @Test
  void givenJobLongerThanJobTimeout_thenItIsStoppedAsTimeout() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    FakeProcessor processor =
        new FakeProcessor().script("hang", new FakeProcessor.BlockUntilInterrupted(started));
    try (OrchestrationHarness h =
        new OrchestrationHarness(
            dir,
            processor,
            JobObserver.NONE,
            c ->
                OrchestrationHarness.withTimeouts(
                    c, new AppConfig.Timeouts(60, 1800, 900, 600, 1)))) {
      long id = h.created(h.submit("https://media.example.org/hang.mp4", 1, 1));
      h.core.scheduler().dispatchOnce();
      h.awaitStatus(id, JobStatus.FAILED);
      assertThat(h.job(id).errorType()).isEqualTo(ErrorType.TIMEOUT);
      // JOB_FAILED is written just after the status change, by the worker.
      Awaitility.await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> h.events(id).contains(EventType.JOB_FAILED));
      assertThat(h.events(id)).endsWith(EventType.STATUS_CHANGED, EventType.JOB_FAILED);
    }
  }

  @Test
  void givenArchiveModeChat_thenFileMovesToArchiveLayoutAndJobFollows() {
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, new FakeProcessor(), JobObserver.NONE, c -> c)) {
      h.db
          .chatSettings()
          .save(
              new archiver.domain.ChatSettings(
                  77, true, Optional.empty(), Optional.empty(), Optional.empty(), false),
              h.clock.instant());
      long id = h.created(h.submit("https://www.youtube.com/watch?v=dQw4w9WgXcQ", 1, 77));
      h.dispatchAndWait();
      Job job = h.job(id);
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.archived()).isTrue();
      assertThat(Path.of(job.filePath()))
          .startsWith(dir.resolve("archive/youtube/2026/11/77"))
          .exists();
      assertThat(job.filePath()).endsWith("[dQw4w9WgXcQ].mp4");
      assertThat(h.events(id)).contains(EventType.ARCHIVED);
    }
  }

  @Test
  void
      givenArchiveModeChat_whenTheMediaComeInParts_thenEveryPartIsArchivedInOrderAndSentFromThere() {
    FakeProcessor parts = new FakeProcessor(url -> new FakeProcessor.SucceedInParts(3));
    try (OrchestrationHarness h = new OrchestrationHarness(dir, parts, JobObserver.NONE, c -> c)) {
      h.db
          .chatSettings()
          .save(
              new archiver.domain.ChatSettings(
                  77, true, Optional.empty(), Optional.empty(), Optional.empty(), false),
              h.clock.instant());
      long id = h.created(h.submit("https://www.youtube.com/watch?v=dQw4w9WgXcQ", 1, 77));
      h.dispatchAndWait();
      Job job = h.job(id);
      assertThat(job.status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(job.archived()).isTrue();
      assertThat(job.filePath()).endsWith("part 1 of 3 [dQw4w9WgXcQ].mp4");
      List<MediaRecord> records = MediaRecord.parseAll(job.media());
      assertThat(records).hasSize(3);
      for (int k = 0; k < 3; k++) {
        Path archived = Path.of(records.get(k).file());
        assertThat(archived).startsWith(dir.resolve("archive/youtube/2026/11/77")).exists();
        assertThat(archived.getFileName().toString()).contains("part " + (k + 1) + " of 3");
        assertThat(archived)
            .hasContent("media of https://www.youtube.com/watch?v=dQw4w9WgXcQ part " + (k + 1));
      }
      assertThat(h.db.events().forJob(id))
          .filteredOn(e -> e.type() == EventType.ARCHIVED)
          .singleElement()
          .satisfies(e -> assertThat(e.data()).contains("\"file_paths\"").doesNotContain("error"));
    }
  }

  @Test
  void givenRunningJobsOfADeadProcess_whenStarting_thenRescheduledOrFailedAsStale()
      throws Exception {
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, new FakeProcessor(), JobObserver.NONE, c -> c)) {
      EventRecorder events = new EventRecorder(h.db.events(), h.clock);
      JobStateMachine sm = new JobStateMachine(h.db.jobs(), events, h.clock);
      long fresh = h.created(h.submit("https://media.example.org/r1.mp4", 1, 1));
      long worn = h.created(h.submit("https://media.example.org/r2.mp4", 2, 2));
      for (long id : List.of(fresh, worn)) {
        sm.transition(
            id, new JobTransition.StatusOnly(JobStatus.PENDING, JobStatus.QUEUED, Map.of()));
        sm.transition(
            id, new JobTransition.StatusOnly(JobStatus.QUEUED, JobStatus.RUNNING, Map.of()));
      }
      for (int i = 0; i < 3; i++) {
        sm.transition(
            worn,
            new JobTransition.Retry(
                archiver.download.DownloadFailure.of(ErrorType.NETWORK_ERROR, "x"),
                new RetryPolicy.Retry(h.clock.instant(), i + 1, java.time.Duration.ZERO),
                false));
        sm.transition(
            worn, new JobTransition.StatusOnly(JobStatus.PENDING, JobStatus.QUEUED, Map.of()));
        sm.transition(
            worn, new JobTransition.StatusOnly(JobStatus.QUEUED, JobStatus.RUNNING, Map.of()));
      }
      // A send to chat 1 was in flight when the process died.
      h.db.deliveries().sendStarted(fresh, 1, null, List.of(), h.clock.instant());
      java.nio.file.Files.createDirectories(dir.resolve("tmp/job-" + fresh));
      java.nio.file.Files.writeString(dir.resolve("tmp/job-" + fresh + "/media.part"), "partial");

      h.core.start();

      h.awaitStatus(fresh, JobStatus.COMPLETED);
      assertThat(h.events(fresh)).contains(EventType.JOB_RECOVERED_STALE);
      JobEvent interrupted =
          h.db.events().forJob(fresh).stream()
              .filter(e -> e.type() == EventType.TELEGRAM_SEND_INTERRUPTED)
              .findFirst()
              .orElseThrow();
      assertThat(interrupted.data())
          .contains("\"chat_id\":1")
          .contains("\"may_be_duplicate\":true");
      assertThat(
              h.db
                  .deliveries()
                  .interruptedSends("", java.time.Instant.ofEpochMilli(Long.MAX_VALUE)))
          .as("the mark is cleared once recorded")
          .isEmpty();
      assertThat(h.job(worn).status()).isEqualTo(JobStatus.FAILED);
      assertThat(h.job(worn).errorType()).isEqualTo(ErrorType.STALE);
      assertThat(h.events(worn)).contains(EventType.STALE_JOB_MARKED_FAILED);
    }
  }

  @Test
  void cleanupRemovesOldFinishedAndOrphanedFoldersButNotActiveOnes() throws Exception {
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, new FakeProcessor(), JobObserver.NONE, c -> c)) {
      long done = h.created(h.submit("https://media.example.org/done.mp4", 1, 1));
      h.dispatchAndWait();
      long waiting = h.created(h.submit("https://media.example.org/wait.mp4", 2, 2));
      java.nio.file.Files.createDirectories(dir.resolve("tmp/job-" + waiting));
      java.nio.file.Files.createDirectories(dir.resolve("tmp/job-99999"));
      java.nio.file.Files.writeString(dir.resolve("tmp/job-99999/x.part"), "orphan");
      java.nio.file.Files.createDirectories(dir.resolve("tmp/not-a-job"));
      java.nio.file.Path part = dir.resolve("archive/GENERIC/2026/11/chat_1/.archiving-1.part");
      java.nio.file.Files.createDirectories(part.getParent());
      java.nio.file.Files.writeString(part, "interrupted copy");
      java.nio.file.Files.setLastModifiedTime(
          part, java.nio.file.attribute.FileTime.from(h.clock.instant()));
      assertThat(dir.resolve("tmp/job-" + done)).exists();
      // Ages are measured against the injected clock: the worker's folder gets that time too,
      // or the test would depend on the real date.
      try (java.util.stream.Stream<java.nio.file.Path> tree =
          java.nio.file.Files.walk(dir.resolve("tmp/job-" + done))) {
        for (java.nio.file.Path p : tree.toList()) {
          java.nio.file.Files.setLastModifiedTime(
              p, java.nio.file.attribute.FileTime.from(h.clock.instant()));
        }
      }

      TmpCleanup.Report young = h.core.cleanup().runOnce();
      assertThat(young.foldersRemoved()).isEqualTo(1);
      assertThat(young.archiveLeftoversRemoved()).isZero();
      assertThat(part).exists();
      assertThat(dir.resolve("tmp/job-99999")).doesNotExist();
      assertThat(dir.resolve("tmp/job-" + done)).exists();

      h.clock.advance(Duration.ofHours(49));
      TmpCleanup.Report old = h.core.cleanup().runOnce();
      assertThat(old.foldersRemoved()).isEqualTo(1);
      assertThat(old.unrecognized()).isEqualTo(1);
      assertThat(old.archiveLeftoversRemoved()).isEqualTo(1);
      assertThat(part).doesNotExist();
      assertThat(dir.resolve("tmp/job-" + done)).doesNotExist();
      assertThat(dir.resolve("tmp/job-" + waiting)).exists();
      assertThat(dir.resolve("tmp/not-a-job")).exists();
      assertThat(h.events(done)).contains(EventType.TMP_FILES_REMOVED);
    }
  }
}
