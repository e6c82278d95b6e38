package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.core.jobs.JobService;
import archiver.core.jobs.LeaseSettings;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.ProcessIdentity;
import archiver.domain.ProcessRole;
import archiver.domain.SourceType;
import archiver.storage.Database;
import archiver.testing.MutableClock;
import archiver.testing.TestDatabases;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Several processes on one queue (docs/ARCHITECTURE.md, "Processes and leases"): two cores with
 * their own identities, workers and tmp folders on one database and one test clock. Their
 * heartbeats are driven by the test (the real ones beat every 10 s, longer than any test here).
 */
@DisplayName("Processes sharing one queue")
class SharedQueueTest {

  private static final LeaseSettings LEASES = LeaseSettings.shared(Duration.ofSeconds(30));

  @TempDir Path dir;
  private Database db;
  private final MutableClock clock = new MutableClock(Instant.parse("2026-12-02T10:00:00Z"));
  private final java.util.List<OrchestrationHarness> started = new java.util.ArrayList<>();

  @BeforeEach
  void openDatabase() {
    db = TestDatabases.fresh(dir);
  }

  @AfterEach
  void stopAll() {
    started.forEach(OrchestrationHarness::close);
    db.close();
  }

  private OrchestrationHarness process(
      String id, ProcessRole role, FakeProcessor processor, UnaryOperator<AppConfig> adjust) {
    OrchestrationHarness h =
        new OrchestrationHarness(
            dir,
            db,
            clock,
            processor,
            new ProcessIdentity(id, role, "test-host", 1),
            LEASES,
            adjust);
    h.core.start();
    started.add(h);
    return h;
  }

  private static UnaryOperator<AppConfig> oneWorker(Map<SourceType, Integer> perSource) {
    return c -> {
      AppConfig.Limits l = c.limits();
      return OrchestrationHarness.withLimits(
          c,
          new AppConfig.Limits(
              1,
              perSource,
              l.maxQueueLength(),
              l.maxActiveJobsPerUser(),
              l.maxJobsPerUserPerHour(),
              l.maxJobsPerChatPerHour(),
              l.maxFileSizeBytes(),
              l.maxPartsPerJob(),
              l.maxDurationSeconds(),
              l.audioMinKbps()));
    };
  }

  private java.util.List<JobEvent> events(long id) {
    return db.events().forJob(id);
  }

  @Test
  @DisplayName("A job is taken over only once its owner has been silent for a whole lease")
  void takeoverWaitsForTheLeaseToExpire() throws Exception {
    CountDownLatch aStarted = new CountDownLatch(1);
    OrchestrationHarness a =
        process(
            "run-a",
            ProcessRole.RUN,
            new FakeProcessor()
                .script("lecture", new FakeProcessor.BlockUntilInterrupted(aStarted)),
            oneWorker(Map.of()));
    long id = a.created(a.submit("https://media.example.org/lecture.mp4", 1, 1));
    assertThat(aStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(a.job(id).owner()).isEqualTo("run-a");

    OrchestrationHarness b =
        process("worker-b", ProcessRole.WORKER, new FakeProcessor(), oneWorker(Map.of()));
    clock.advance(Duration.ofSeconds(29));
    b.core.heartbeat().beat();
    assertThat(a.job(id).status()).as("a's lease still holds").isEqualTo(JobStatus.RUNNING);
    assertThat(a.job(id).owner()).isEqualTo("run-a");

    clock.advance(Duration.ofSeconds(2));
    b.core.heartbeat().beat();
    a.awaitStatus(id, JobStatus.COMPLETED);
    assertThat(a.job(id).owner()).isEqualTo("worker-b");
    assertThat(a.job(id).retryCount()).isEqualTo(1);
    JobEvent recovered =
        events(id).stream()
            .filter(e -> e.type() == EventType.JOB_RECOVERED_STALE)
            .findFirst()
            .orElseThrow();
    assertThat(recovered.data()).contains("\"owner\":\"run-a\"");
  }

  @Test
  @DisplayName("A worker whose job was taken over cannot end it: its changes are refused")
  void aTakenOverWorkerIsFenced() throws Exception {
    CountDownLatch aStarted = new CountDownLatch(1);
    CountDownLatch aRelease = new CountDownLatch(1);
    CountDownLatch bStarted = new CountDownLatch(1);
    CountDownLatch bRelease = new CountDownLatch(1);
    OrchestrationHarness a =
        process(
            "run-a",
            ProcessRole.RUN,
            new FakeProcessor()
                .script("lecture", new FakeProcessor.BlockUntilReleased(aStarted, aRelease)),
            oneWorker(Map.of()));
    long id = a.created(a.submit("https://media.example.org/lecture.mp4", 1, 1));
    assertThat(aStarted.await(10, TimeUnit.SECONDS)).isTrue();
    OrchestrationHarness b =
        process(
            "worker-b",
            ProcessRole.WORKER,
            new FakeProcessor()
                .script("lecture", new FakeProcessor.BlockUntilReleased(bStarted, bRelease)),
            oneWorker(Map.of()));
    clock.advance(Duration.ofSeconds(31));
    b.core.heartbeat().beat();
    assertThat(bStarted.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(a.job(id).owner()).isEqualTo("worker-b");

    aRelease.countDown(); // a's worker ends, unaware that b has the job now
    Awaitility.await()
        .atMost(Duration.ofSeconds(10))
        .until(() -> a.core.scheduler().activeCount() == 0);
    assertThat(a.job(id).status()).isEqualTo(JobStatus.RUNNING);
    assertThat(a.job(id).owner()).isEqualTo("worker-b");
    assertThat(events(id)).extracting(JobEvent::type).contains(EventType.TRANSITION_LOST);

    bRelease.countDown();
    a.awaitStatus(id, JobStatus.COMPLETED);
    assertThat(a.job(id).owner()).isEqualTo("worker-b");
  }

  @Test
  @DisplayName("/cancel of a job running in another process stops it at that process's heartbeat")
  void cancelReachesTheOwner() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    OrchestrationHarness run =
        process("run-a", ProcessRole.RUN, new FakeProcessor(), oneWorker(Map.of()));
    OrchestrationHarness worker =
        process(
            "worker-b",
            ProcessRole.WORKER,
            new FakeProcessor().script("lecture", new FakeProcessor.BlockUntilInterrupted(started)),
            oneWorker(Map.of()));
    run.core.scheduler().pause(); // so that the worker takes the lecture
    long id = run.created(run.submit("https://media.example.org/lecture.mp4", 1, 1));
    worker.core.scheduler().wake();
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    assertThat(run.job(id).owner()).as("taken by the worker").isEqualTo("worker-b");

    assertThat(run.core.jobs().cancel(id, "user 1", false))
        .isEqualTo(JobService.CancelResult.CANCELLED);
    assertThat(run.job(id).status())
        .as("not before the owner's heartbeat")
        .isEqualTo(JobStatus.RUNNING);
    worker.core.heartbeat().beat();
    run.awaitStatus(id, JobStatus.FAILED);
    assertThat(run.job(id).errorType()).isEqualTo(ErrorType.CANCELLED);
  }

  @Test
  @DisplayName("A source's limit holds over every process, each process's worker count its own")
  void perSourceLimitHoldsAcrossProcesses() throws Exception {
    CountDownLatch started = new CountDownLatch(1);
    Map<SourceType, Integer> oneYoutube = Map.of(SourceType.YOUTUBE, 1);
    OrchestrationHarness a =
        process(
            "run-a",
            ProcessRole.RUN,
            new FakeProcessor()
                .script("aaaaaaaaaaa", new FakeProcessor.BlockUntilInterrupted(started)),
            oneWorker(oneYoutube));
    long first = a.created(a.submit("https://www.youtube.com/watch?v=aaaaaaaaaaa", 1, 1));
    assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
    OrchestrationHarness b =
        process("worker-b", ProcessRole.WORKER, new FakeProcessor(), oneWorker(oneYoutube));
    long second = a.created(a.submit("https://www.youtube.com/watch?v=bbbbbbbbbbb", 2, 2));
    assertThat(b.core.scheduler().dispatchOnce()).as("YouTube's one place is taken in a").isZero();
    assertThat(a.job(second).status()).isEqualTo(JobStatus.PENDING);

    long direct = a.created(a.submit("https://media.example.org/talk.mp3", 3, 3));
    b.core.scheduler().dispatchOnce();
    a.awaitStatus(direct, JobStatus.COMPLETED);
    assertThat(a.job(direct).owner()).isEqualTo("worker-b");
    assertThat(a.job(second).status()).isEqualTo(JobStatus.PENDING);
    assertThat(a.job(first).status()).isEqualTo(JobStatus.RUNNING);
  }

  @Test
  @DisplayName("A QUEUED job of a silent process is leased to the one that notices, and runs there")
  void queuedJobOfASilentProcessIsAdopted() {
    OrchestrationHarness b =
        process("worker-b", ProcessRole.WORKER, new FakeProcessor(), oneWorker(Map.of()));
    b.core.scheduler().pause(); // b must not pick the job itself
    long id = b.created(b.submit("https://media.example.org/talk.mp3", 1, 1));
    db.processes()
        .register(new ProcessIdentity("run-gone", ProcessRole.RUN, "old", 2), 1, clock.instant());
    new archiver.core.jobs.JobStateMachine(
            db.jobs(),
            new archiver.core.events.EventRecorder(db.events(), clock),
            "run-gone",
            clock)
        .queueDue(new archiver.storage.JobRepository.ClaimQuota(1, Map.of(SourceType.GENERIC, 1)));
    assertThat(b.job(id).status()).isEqualTo(JobStatus.QUEUED);
    assertThat(b.job(id).owner()).isEqualTo("run-gone");

    b.core.heartbeat().beat();
    assertThat(b.job(id).owner()).as("run-gone is not silent yet").isEqualTo("run-gone");
    clock.advance(Duration.ofSeconds(31));
    b.core.heartbeat().beat();
    assertThat(b.job(id).owner()).isEqualTo("worker-b");
    assertThat(events(id)).extracting(JobEvent::type).contains(EventType.LEASE_TAKEN_OVER);
    b.core.scheduler().resume();
    b.awaitStatus(id, JobStatus.COMPLETED);
  }
}
