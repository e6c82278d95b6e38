package archiver.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.core.events.EventRecorder;
import archiver.core.events.JobEvent;
import archiver.core.upkeep.TmpFilesRemoved;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.SourceType;
import archiver.domain.Stage;
import archiver.download.DownloadFailure;
import archiver.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The typed transitions (docs/ARCHITECTURE.md, "Job states"): each is in the table, applies from
 * its own status with its columns and events in order, and is refused as lost from any other; and
 * every lifecycle event writes the data operators read.
 */
class JobTransitionTest {

  private static final Instant NOW = Instant.parse("2026-11-25T10:00:00Z");
  private static final DownloadFailure RESET =
      new DownloadFailure(ErrorType.NETWORK_ERROR, "reset", Optional.of(503), Optional.empty(), "");
  private static final LifecycleEvent.Stale STALE =
      new LifecycleEvent.Stale(1, NOW.minusSeconds(60), 10, null);

  @TempDir Path dir;
  private Database db;
  private EventRecorder events;
  private JobStateMachine machine;
  private final Clock clock = Clock.fixed(NOW, ZoneOffset.UTC);

  @BeforeEach
  void open() {
    db = archiver.testing.TestDatabases.fresh(dir);
    events = new EventRecorder(db.events(), clock);
    machine = new JobStateMachine(db.jobs(), events, clock);
  }

  /**
   * One of each member the bot uses, with the event types it writes before and after
   * STATUS_CHANGED.
   */
  static List<Arguments> members() {
    RetryPolicy.Retry retry = new RetryPolicy.Retry(NOW.plusSeconds(30), 2, Duration.ofSeconds(30));
    LifecycleEvent.JobCompleted completed =
        new LifecycleEvent.JobCompleted("/a.mp4", 5, null, false, true, 0);
    return List.of(
        member(new JobTransition.Queue(), List.of(), List.of()),
        member(new JobTransition.Start("worker-1"), List.of(), List.of(EventType.WORKER_ASSIGNED)),
        member(new JobTransition.Complete(completed), List.of(), List.of(EventType.JOB_COMPLETED)),
        member(
            new JobTransition.Retry(RESET, retry, true),
            List.of(),
            List.of(EventType.RETRY_SCHEDULED)),
        member(
            JobTransition.Fail.notRetryable(RESET),
            List.of(EventType.RETRY_SKIPPED),
            List.of(EventType.JOB_FAILED)),
        member(
            JobTransition.Fail.retriesUsedUp(RESET, 3),
            List.of(EventType.MAX_RETRIES_REACHED),
            List.of(EventType.JOB_FAILED)),
        member(JobTransition.Fail.ended(RESET), List.of(), List.of(EventType.JOB_FAILED)),
        member(
            new JobTransition.Cancel(JobStatus.PENDING, "owner"),
            List.of(),
            List.of(EventType.JOB_CANCELLED)),
        member(
            new JobTransition.Cancel(JobStatus.QUEUED, "admin"),
            List.of(),
            List.of(EventType.JOB_CANCELLED)),
        member(
            new JobTransition.RecoverCompleted(STALE),
            List.of(),
            List.of(EventType.JOB_RECOVERED_STALE)),
        member(
            new JobTransition.RecoverPending(STALE, NOW),
            List.of(),
            List.of(EventType.JOB_RECOVERED_STALE)),
        member(
            new JobTransition.RecoverFailed(STALE),
            List.of(),
            List.of(EventType.STALE_JOB_MARKED_FAILED, EventType.JOB_FAILED)));
  }

  private static Arguments member(JobTransition t, List<EventType> before, List<EventType> after) {
    return Arguments.of(t, before, after);
  }

  /** Every member against every status the row may have. */
  static Stream<Arguments> memberAgainstEveryStatus() {
    List<Arguments> all = new ArrayList<>();
    for (Arguments m : members()) {
      for (JobStatus actual : JobStatus.values()) {
        all.add(Arguments.of(m.get()[0], m.get()[1], m.get()[2], actual));
      }
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("members")
  void everyMemberIsAChangeInTheTable(
      JobTransition t, List<EventType> before, List<EventType> after) {
    assertThat(JobStateMachine.isAllowed(t.from(), t.to())).isTrue();
    assertThat(t.events())
        .extracting(JobEvent::type)
        .containsExactlyElementsOf(concat(before, after));
  }

  @ParameterizedTest(name = "{0} on a {3} job")
  @MethodSource("memberAgainstEveryStatus")
  void aMemberAppliesOnlyFromItsOwnStatusAndIsLostFromAnyOther(
      JobTransition t, List<EventType> before, List<EventType> after, JobStatus actual) {
    long id = jobIn(actual);
    int eventsBefore = db.events().forJob(id).size();

    TransitionResult result = machine.transition(id, t);

    List<EventType> written =
        db.events().forJob(id).subList(eventsBefore, db.events().forJob(id).size()).stream()
            .map(archiver.domain.JobEvent::type)
            .toList();
    if (actual == t.from()) {
      assertThat(result).isEqualTo(TransitionResult.APPLIED);
      assertThat(status(id)).isEqualTo(t.to());
      assertThat(written).containsExactlyElementsOf(concat(before, after));
    } else {
      assertThat(result).isEqualTo(TransitionResult.LOST);
      assertThat(status(id)).isEqualTo(actual);
      List<EventType> refused = new ArrayList<>(before);
      refused.add(EventType.TRANSITION_LOST);
      assertThat(written)
          .as("what happened anyway, then the loss; nothing of the change")
          .isEqualTo(refused);
    }
  }

  @Test
  void aChangeNotInTheTableIsRefusedAsIllegalWithWhatHappenedAnyway() {
    long id = jobIn(JobStatus.COMPLETED);

    TransitionResult result =
        machine.transition(
            id, new JobTransition.StatusOnly(JobStatus.COMPLETED, JobStatus.RUNNING, Map.of()));

    assertThat(result).isEqualTo(TransitionResult.ILLEGAL);
    assertThat(status(id)).isEqualTo(JobStatus.COMPLETED);
    assertThat(db.events().lastForJob(id, 1).getFirst().data())
        .isEqualTo(
            "{\"from\":\"COMPLETED\",\"to\":\"RUNNING\",\"reason\":\"transition not in the table\"}");
  }

  @Test
  void aLostRetryKeepsItsReasonKeyWithTheRefusalsText() {
    long id = jobIn(JobStatus.FAILED);

    machine.transition(
        id, new JobTransition.Retry(RESET, new RetryPolicy.Retry(NOW, 1, Duration.ZERO), false));

    assertThat(db.events().lastForJob(id, 1).getFirst().data())
        .isEqualTo(
            "{\"from\":\"RUNNING\",\"to\":\"PENDING\",\"reason\":\"the job had already moved on\","
                + "\"actual\":\"FAILED\"}");
  }

  @Test
  void aTransitionOfAMissingJobIsNotFoundAndWritesNothing() {
    assertThat(machine.transition(999, JobTransition.Fail.notRetryable(RESET)))
        .isEqualTo(TransitionResult.NOT_FOUND);
    assertThat(db.events().forJob(999)).isEmpty();
  }

  @Test
  void startSetsStartedAt() {
    long id = jobIn(JobStatus.QUEUED);

    machine.transition(id, new JobTransition.Start("worker-1"));

    assertThat(job(id).startedAt()).isEqualTo(NOW);
  }

  @Test
  void retryCountsTheAttemptAndWritesItsDueTimeAndError() {
    long id = jobIn(JobStatus.RUNNING);
    Instant at = NOW.plusSeconds(30);

    machine.transition(
        id,
        new JobTransition.Retry(
            RESET, new RetryPolicy.Retry(at, 1, Duration.ofSeconds(30)), false));

    Job job = job(id);
    assertThat(job.retryCount()).isEqualTo(1);
    assertThat(job.nextAttemptAt()).isEqualTo(at);
    assertThat(job.errorType()).isEqualTo(ErrorType.NETWORK_ERROR);
    assertThat(job.errorMessage()).isEqualTo("reset");
    assertThat(job.httpStatus()).isEqualTo(503);
  }

  @Test
  void failWritesTheErrorWithTheStatus() {
    long id = jobIn(JobStatus.RUNNING);

    machine.transition(
        id, JobTransition.Fail.notRetryable(DownloadFailure.of(ErrorType.GEO_BLOCK, "not here")));

    Job job = job(id);
    assertThat(job.status()).isEqualTo(JobStatus.FAILED);
    assertThat(job.errorType()).isEqualTo(ErrorType.GEO_BLOCK);
    assertThat(job.errorMessage()).isEqualTo("not here");
    assertThat(job.retryCount()).isZero();
  }

  @Test
  void cancelFailsAWaitingJobAsCancelledBySomeone() {
    long id = jobIn(JobStatus.QUEUED);

    machine.transition(id, new JobTransition.Cancel(JobStatus.QUEUED, "admin 7"));

    assertThat(job(id).errorType()).isEqualTo(ErrorType.CANCELLED);
    assertThat(job(id).errorMessage()).isEqualTo("cancelled by admin 7");
  }

  @Test
  void aRunningJobIsNotCancelledThroughATransitionButByItsWorker() {
    assertThatThrownBy(() -> new JobTransition.Cancel(JobStatus.RUNNING, "owner"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void recoveryCountsARetryDueNowOrFailsAsStale() {
    long again = jobIn(JobStatus.RUNNING);
    long done = jobIn(JobStatus.RUNNING);

    machine.transition(again, new JobTransition.RecoverPending(STALE, NOW));
    machine.transition(done, new JobTransition.RecoverFailed(STALE));

    assertThat(job(again).retryCount()).isEqualTo(1);
    assertThat(job(again).nextAttemptAt()).isEqualTo(NOW);
    assertThat(job(again).errorType()).isEqualTo(ErrorType.STALE);
    assertThat(job(done).errorType()).isEqualTo(ErrorType.STALE);
    assertThat(job(done).errorMessage())
        .isEqualTo("the bot stopped while this job was running and its retries are used up");
  }

  @Test
  void queueDueWritesTheQueueTransitionsStatusChange() {
    long id = jobIn(JobStatus.PENDING);

    List<Job> queued =
        machine.queueDue(
            new archiver.storage.JobRepository.ClaimQuota(1, Map.of(SourceType.YOUTUBE, 1)));

    assertThat(queued).extracting(Job::id).containsExactly(id);
    assertThat(db.events().lastForJob(id, 1).getFirst().data())
        .isEqualTo("{\"from\":\"PENDING\",\"to\":\"QUEUED\"}");
  }

  static Stream<Arguments> eventData() {
    RetryPolicy.Retry retry = new RetryPolicy.Retry(NOW.plusSeconds(30), 2, Duration.ofSeconds(30));
    StatusEvent.StatusChanged changed =
        new StatusEvent.StatusChanged(
            JobStatus.RUNNING, JobStatus.PENDING, Map.of("reason", "retry"));
    return Stream.of(
        Arguments.of(
            new LifecycleEvent.JobCreated(
                "u", "n", "f", SourceType.YOUTUBE, JobType.AUDIO, "audio_128"),
            "{\"url\":\"u\",\"normalized_url\":\"n\",\"fetch_url\":\"f\",\"source_type\":\"YOUTUBE\","
                + "\"job_type\":\"AUDIO\",\"quality\":\"audio_128\"}"),
        Arguments.of(
            new LifecycleEvent.RequesterAttached(5L, null, false),
            "{\"chat_id\":5,\"user_id\":null}"),
        Arguments.of(
            new LifecycleEvent.RequesterAttached(5L, 6L, true),
            "{\"chat_id\":5,\"user_id\":6,\"answered_from\":\"telegram_copy\"}"),
        Arguments.of(changed, "{\"from\":\"RUNNING\",\"to\":\"PENDING\",\"reason\":\"retry\"}"),
        Arguments.of(
            new StatusEvent.IllegalTransition(changed),
            "{\"from\":\"RUNNING\",\"to\":\"PENDING\",\"reason\":\"transition not in the table\"}"),
        Arguments.of(
            new StatusEvent.TransitionLost(
                new StatusEvent.StatusChanged(JobStatus.QUEUED, JobStatus.RUNNING, Map.of()),
                Optional.of(JobStatus.FAILED)),
            "{\"from\":\"QUEUED\",\"to\":\"RUNNING\",\"actual\":\"FAILED\",\"reason\":\"the job had already moved on\"}"),
        Arguments.of(
            new StatusEvent.TransitionLost(changed, Optional.empty()),
            "{\"from\":\"RUNNING\",\"to\":\"PENDING\",\"reason\":\"no such job\"}"),
        Arguments.of(new LifecycleEvent.WorkerAssigned("worker-2"), "{\"worker\":\"worker-2\"}"),
        Arguments.of(
            new LifecycleEvent.OutputReused("/t/a.mp4", 2),
            "{\"file_path\":\"/t/a.mp4\",\"parts\":2}"),
        Arguments.of(LifecycleEvent.Archived.nothing("disk full"), "{\"error\":\"disk full\"}"),
        Arguments.of(
            new LifecycleEvent.Archived("/a/1.mp4", List.of("/a/1.mp4", "/a/2.mp4"), "disk full"),
            "{\"file_path\":\"/a/1.mp4\",\"file_paths\":[\"/a/1.mp4\",\"/a/2.mp4\"],\"error\":\"disk full\"}"),
        Arguments.of(
            new LifecycleEvent.Archived("/a/1.mp4", null, null), "{\"file_path\":\"/a/1.mp4\"}"),
        Arguments.of(
            new LifecycleEvent.JobCompleted("/a.mp4", 99, 3, true, false, 2),
            "{\"file_path\":\"/a.mp4\",\"size_bytes\":99,\"parts\":3,\"archived\":true,\"telegram_copy\":false,"
                + "\"chats_still_waiting\":2}"),
        Arguments.of(
            new RetryEvent.RetryScheduled(RESET, true, retry),
            "{\"error_type\":\"NETWORK_ERROR\",\"message\":\"reset\",\"http_status\":503,\"file_kept\":true,"
                + "\"attempt\":2,\"delay_seconds\":30,\"next_attempt_at\":\"2026-11-25T10:00:30Z\"}"),
        Arguments.of(
            new RetryEvent.RetryScheduled(
                DownloadFailure.of(ErrorType.RATE_LIMIT, "slow down"), false, retry),
            "{\"error_type\":\"RATE_LIMIT\",\"message\":\"slow down\",\"attempt\":2,\"delay_seconds\":30,"
                + "\"next_attempt_at\":\"2026-11-25T10:00:30Z\"}"),
        Arguments.of(
            new RetryEvent.RetrySkipped(RESET),
            "{\"error_type\":\"NETWORK_ERROR\",\"message\":\"reset\",\"http_status\":503,\"reason\":\"not retryable\"}"),
        Arguments.of(
            new RetryEvent.MaxRetriesReached(RESET, 3),
            "{\"error_type\":\"NETWORK_ERROR\",\"message\":\"reset\",\"http_status\":503,\"max_retries\":3}"),
        Arguments.of(
            new LifecycleEvent.JobFailed(
                Stage.WORKER, RESET, Optional.of(new RetryEvent.MaxRetriesReached(RESET, 3))),
            "{\"error_type\":\"NETWORK_ERROR\",\"message\":\"reset\",\"http_status\":503,\"max_retries\":3}"),
        Arguments.of(
            new LifecycleEvent.JobFailed(
                Stage.WORKER, DownloadFailure.of(ErrorType.TIMEOUT, "too long"), Optional.empty()),
            "{\"error_type\":\"TIMEOUT\",\"message\":\"too long\"}"),
        Arguments.of(new LifecycleEvent.JobCancelled("owner"), "{\"by\":\"owner\"}"),
        Arguments.of(
            new LifecycleEvent.JobRecoveredStale(
                new LifecycleEvent.Stale(2, NOW, 0, "/t/a.mp4"), false),
            "{\"retry_count\":2,\"running_since\":\"2026-11-25T10:00:00Z\",\"tmp_bytes_removed\":0,"
                + "\"file_kept\":\"/t/a.mp4\"}"),
        Arguments.of(
            new LifecycleEvent.JobRecoveredStale(new LifecycleEvent.Stale(0, null, 7, null), true),
            "{\"retry_count\":0,\"running_since\":\"null\",\"tmp_bytes_removed\":7,\"telegram_copy\":true}"),
        Arguments.of(
            new LifecycleEvent.StaleJobMarkedFailed(new LifecycleEvent.Stale(3, NOW, 7, null)),
            "{\"retry_count\":3,\"running_since\":\"2026-11-25T10:00:00Z\",\"tmp_bytes_removed\":7}"),
        Arguments.of(
            new LifecycleEvent.SendInterrupted(4242, NOW),
            "{\"chat_id\":4242,\"send_started_at\":\"2026-11-25T10:00:00Z\",\"may_be_duplicate\":true}"),
        Arguments.of(new TmpFilesRemoved(1024, 49), "{\"bytes\":1024,\"age_hours\":49}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("eventData")
  void eachLifecycleEventWritesTheDataOperatorsRead(JobEvent event, String json) {
    assertThat(events.toJson(event.data())).isEqualTo(json);
  }

  private static List<EventType> concat(List<EventType> before, List<EventType> after) {
    List<EventType> all = new ArrayList<>(before);
    all.add(EventType.STATUS_CHANGED);
    all.addAll(after);
    return all;
  }

  private Job job(long id) {
    return db.jobs().findById(id).orElseThrow();
  }

  private JobStatus status(long id) {
    return job(id).status();
  }

  private long jobIn(JobStatus target) {
    return JobStateMachineTestSupport.jobIn(db.jobs(), machine, clock.instant(), target);
  }
}
