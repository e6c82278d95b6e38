package archiver.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.events.EventRecorder;
import archiver.domain.EventType;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class JobStateMachineTest {

  private static final List<JobStatus[]> LEGAL =
      List.of(
          new JobStatus[] {JobStatus.PENDING, JobStatus.QUEUED},
          new JobStatus[] {JobStatus.QUEUED, JobStatus.RUNNING},
          new JobStatus[] {JobStatus.RUNNING, JobStatus.COMPLETED},
          new JobStatus[] {JobStatus.RUNNING, JobStatus.FAILED},
          new JobStatus[] {JobStatus.PENDING, JobStatus.FAILED},
          new JobStatus[] {JobStatus.QUEUED, JobStatus.FAILED},
          new JobStatus[] {JobStatus.RUNNING, JobStatus.PENDING});

  @TempDir Path dir;
  private Database db;
  private JobStateMachine machine;
  private final Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);

  @BeforeEach
  void open() {
    db = archiver.testing.TestDatabases.fresh(dir);
    machine = new JobStateMachine(db.jobs(), new EventRecorder(db.events(), clock), clock);
  }

  static Stream<Arguments> everyPair() {
    List<Arguments> pairs = new ArrayList<>();
    for (JobStatus from : JobStatus.values()) {
      for (JobStatus to : JobStatus.values()) {
        boolean legal = LEGAL.stream().anyMatch(p -> p[0] == from && p[1] == to);
        pairs.add(Arguments.of(from, to, legal));
      }
    }
    return pairs.stream();
  }

  @ParameterizedTest(name = "{0} -> {1} legal={2}")
  @MethodSource("everyPair")
  @DisplayName(
      "Each of the 25 (from, to) pairs: legal ones apply with one event, illegal ones change nothing")
  void everyPairOfStatuses(JobStatus from, JobStatus to, boolean legal) {
    long id = jobIn(from);
    int eventsBefore = db.events().forJob(id).size();

    TransitionResult result =
        machine.transition(id, new JobTransition.StatusOnly(from, to, Map.of("why", "test")));

    assertThat(JobStateMachine.isAllowed(from, to)).isEqualTo(legal);
    List<JobEvent> newEvents =
        db.events().forJob(id).subList(eventsBefore, db.events().forJob(id).size());
    if (legal) {
      assertThat(result).isEqualTo(TransitionResult.APPLIED);
      assertThat(status(id)).isEqualTo(to);
      assertThat(newEvents)
          .singleElement()
          .satisfies(
              e -> {
                assertThat(e.type()).isEqualTo(EventType.STATUS_CHANGED);
                assertThat(e.data())
                    .contains(
                        "\"from\":\"" + from + "\"", "\"to\":\"" + to + "\"", "\"why\":\"test\"");
              });
    } else {
      assertThat(result).isEqualTo(TransitionResult.ILLEGAL);
      assertThat(status(id)).isEqualTo(from);
      assertThat(newEvents)
          .extracting(JobEvent::type)
          .containsExactly(EventType.ILLEGAL_TRANSITION);
    }
  }

  @Test
  void givenRowMovedOn_whenTransitionFromStaleStatus_thenNothingChangesAndLossIsRecorded() {
    long id = jobIn(JobStatus.RUNNING);

    TransitionResult result =
        machine.transition(
            id, new JobTransition.StatusOnly(JobStatus.QUEUED, JobStatus.RUNNING, Map.of()));

    assertThat(result).isEqualTo(TransitionResult.LOST);
    assertThat(status(id)).isEqualTo(JobStatus.RUNNING);
    JobEvent last = db.events().lastForJob(id, 1).getFirst();
    assertThat(last.type()).isEqualTo(EventType.TRANSITION_LOST);
    assertThat(last.data()).contains("\"actual\":\"RUNNING\"");
  }

  @Test
  void givenNoSuchJob_whenTransition_thenNotFoundAndNoRowWritten() {
    assertThat(
            machine.transition(
                999, new JobTransition.StatusOnly(JobStatus.PENDING, JobStatus.QUEUED, Map.of())))
        .isEqualTo(TransitionResult.NOT_FOUND);
    assertThat(db.events().forJob(999)).isEmpty();
  }

  @Test
  void givenTwoThreadsRacingQueuedToRunning_thenExactlyOneWinsAndOneEventIsWritten()
      throws Exception {
    for (int round = 0; round < 20; round++) {
      long id = jobIn(JobStatus.QUEUED);
      int before = statusChanges(id);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<TransitionResult>> results = new ArrayList<>();
      try (ExecutorService pool = Executors.newFixedThreadPool(2)) {
        for (int t = 0; t < 2; t++) {
          results.add(
              pool.submit(
                  () -> {
                    start.await();
                    return machine.transition(
                        id,
                        new JobTransition.StatusOnly(
                            JobStatus.QUEUED, JobStatus.RUNNING, Map.of()));
                  }));
        }
        start.countDown();
        List<TransitionResult> outcomes = new ArrayList<>();
        for (Future<TransitionResult> f : results) {
          outcomes.add(f.get());
        }
        assertThat(outcomes)
            .containsExactlyInAnyOrder(TransitionResult.APPLIED, TransitionResult.LOST);
      }
      assertThat(status(id)).isEqualTo(JobStatus.RUNNING);
      assertThat(statusChanges(id) - before).isEqualTo(1);
    }
  }

  @Test
  void givenRetry_whenRunningToPending_thenRetryCountAndNextAttemptAreWrittenWithTheStatus() {
    long id = jobIn(JobStatus.RUNNING);
    Instant next = clock.instant().plusSeconds(60);

    machine.transition(
        id,
        new JobTransition.Retry(
            archiver.download.DownloadFailure.of(archiver.domain.ErrorType.NETWORK_ERROR, "reset"),
            new RetryPolicy.Retry(next, 1, java.time.Duration.ofSeconds(60)),
            false));

    var job = db.jobs().findById(id).orElseThrow();
    assertThat(job.status()).isEqualTo(JobStatus.PENDING);
    assertThat(job.retryCount()).isEqualTo(1);
    assertThat(job.nextAttemptAt()).isEqualTo(next);
    assertThat(job.errorType()).isEqualTo(archiver.domain.ErrorType.NETWORK_ERROR);
  }

  private int statusChanges(long id) {
    return (int)
        db.events().forJob(id).stream().filter(e -> e.type() == EventType.STATUS_CHANGED).count();
  }

  private JobStatus status(long id) {
    return db.jobs().findById(id).orElseThrow().status();
  }

  private long jobIn(JobStatus target) {
    return JobStateMachineTestSupport.jobIn(db.jobs(), machine, clock.instant(), target);
  }
}
