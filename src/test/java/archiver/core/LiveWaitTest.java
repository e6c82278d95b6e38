package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.AppConfig;
import archiver.core.delivery.JobObserver;
import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.Requester;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A live event or premiere that has not started (NOT_YET_LIVE): the job waits PENDING until the
 * start the site named, without using a retry, for at most {@code retries.max_live_wait_days} after
 * it was asked for; later than that, or with no start named, it fails and says when.
 */
class LiveWaitTest {

  @TempDir Path dir;

  private static final String LIVE = "https://media.example.org/live.mp4";

  /** What the chats were told: the waits and the failures. */
  private static final class Told implements JobObserver {
    final List<Instant> waits = new CopyOnWriteArrayList<>();
    final List<Optional<Advice>> failures = new CopyOnWriteArrayList<>();

    @Override
    public void retrying(Job job, ErrorType cause, Instant at) {
      if (cause == ErrorType.NOT_YET_LIVE) {
        waits.add(at);
      }
    }

    @Override
    public void failed(
        Job job, List<Requester> waiting, ErrorType type, String message, Optional<Advice> advice) {
      failures.add(advice);
    }
  }

  private static FakeProcessor.Fail notLiveFor(Duration untilStart) {
    return new FakeProcessor.Fail(ErrorType.NOT_YET_LIVE, Optional.of(untilStart));
  }

  private OrchestrationHarness harness(FakeProcessor processor, Told told, int maxLiveWaitDays) {
    return new OrchestrationHarness(
        dir,
        processor,
        told,
        c ->
            OrchestrationHarness.withRetries(
                c, new AppConfig.Retries(3, List.of(60, 300, 900), maxLiveWaitDays)));
  }

  @Test
  void givenPremiereInThreeHours_thenJobWaitsPendingUntilItStartsWithoutUsingARetry() {
    FakeProcessor processor = new FakeProcessor().script("live", notLiveFor(Duration.ofHours(3)));
    Told told = new Told();
    try (OrchestrationHarness h = harness(processor, told, 7)) {
      long id = h.created(h.submit(LIVE, 1, 1));
      Instant asked = h.clock.instant();

      assertThat(h.dispatchAndWait()).isEqualTo(1);
      Job waiting = h.job(id);
      assertThat(waiting.status()).isEqualTo(JobStatus.PENDING);
      assertThat(waiting.retryCount()).as("a wait is not a retry").isZero();
      assertThat(waiting.nextAttemptAt()).isEqualTo(asked.plus(Duration.ofHours(3)));
      assertThat(waiting.errorType()).isEqualTo(ErrorType.NOT_YET_LIVE);
      assertThat(told.waits).containsExactly(asked.plus(Duration.ofHours(3)));
      JobEvent event =
          h.db.events().forJob(id).stream()
              .filter(e -> e.type() == EventType.WAITING_FOR_START)
              .findFirst()
              .orElseThrow();
      assertThat(event.data())
          .contains("\"error_type\":\"NOT_YET_LIVE\"")
          .contains("\"starts_at\":\"" + asked.plus(Duration.ofHours(3)) + "\"")
          .contains("\"counts_as_retry\":false");

      h.clock.advance(Duration.ofHours(3).minusSeconds(1));
      assertThat(h.dispatchAndWait()).as("not started yet").isZero();
      h.clock.advance(Duration.ofSeconds(1));
      assertThat(h.dispatchAndWait()).isEqualTo(1);
      assertThat(h.job(id).status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(h.job(id).retryCount()).isZero();
      assertThat(h.events(id)).doesNotContain(EventType.RETRY_SCHEDULED, EventType.JOB_FAILED);
    }
  }

  @Test
  void givenStartDelayedAgainAndAgain_thenWaitsNeverExceedTheCapAfterTheRequest() {
    FakeProcessor processor =
        new FakeProcessor(url -> notLiveFor(Duration.ofDays(2))); // "Premieres in 2 days", always
    Told told = new Told();
    try (OrchestrationHarness h = harness(processor, told, 7)) {
      long id = h.created(h.submit(LIVE, 1, 1));
      Instant asked = h.clock.instant();
      for (int round = 0; round < 10 && h.job(id).status() != JobStatus.FAILED; round++) {
        assertThat(h.dispatchAndWait()).isEqualTo(1);
        if (h.job(id).status() == JobStatus.PENDING) {
          h.clock.advance(Duration.between(h.clock.instant(), h.job(id).nextAttemptAt()));
        }
      }
      Job job = h.job(id);
      assertThat(job.status()).isEqualTo(JobStatus.FAILED);
      assertThat(job.errorType()).isEqualTo(ErrorType.NOT_YET_LIVE);
      assertThat(told.waits).hasSize(3).allMatch(at -> !at.isAfter(asked.plus(Duration.ofDays(7))));
      assertThat(told.failures)
          .containsExactly(Optional.of(new Advice.StartsAt(asked.plus(Duration.ofDays(8)))));
      assertThat(job.retryCount()).isZero();
    }
  }

  @Test
  void givenStartBeyondTheCap_thenFailsAtOnceTellingWhenItStarts() {
    FakeProcessor processor = new FakeProcessor().script("live", notLiveFor(Duration.ofDays(30)));
    Told told = new Told();
    try (OrchestrationHarness h = harness(processor, told, 7)) {
      long id = h.created(h.submit(LIVE, 1, 1));
      Instant asked = h.clock.instant();
      h.dispatchAndWait();
      assertThat(h.job(id).status()).isEqualTo(JobStatus.FAILED);
      assertThat(told.waits).isEmpty();
      assertThat(told.failures)
          .containsExactly(Optional.of(new Advice.StartsAt(asked.plus(Duration.ofDays(30)))));
      assertThat(h.events(id))
          .contains(EventType.RETRY_SKIPPED)
          .doesNotContain(EventType.WAITING_FOR_START);
    }
  }

  @Test
  void givenWaitingSwitchedOff_thenEvenASoonStartFailsWithItsTime() {
    FakeProcessor processor =
        new FakeProcessor().script("live", notLiveFor(Duration.ofMinutes(10)));
    Told told = new Told();
    try (OrchestrationHarness h = harness(processor, told, 0)) {
      long id = h.created(h.submit(LIVE, 1, 1));
      h.dispatchAndWait();
      assertThat(h.job(id).status()).isEqualTo(JobStatus.FAILED);
      assertThat(told.failures).singleElement().satisfies(a -> assertThat(a).isPresent());
    }
  }

  @Test
  void givenNoStartNamed_thenFailsWithoutWaitingOrAdvice() {
    FakeProcessor processor =
        new FakeProcessor().script("live", new FakeProcessor.Fail(ErrorType.NOT_YET_LIVE));
    Told told = new Told();
    try (OrchestrationHarness h = harness(processor, told, 7)) {
      long id = h.created(h.submit(LIVE, 1, 1));
      h.dispatchAndWait();
      assertThat(h.job(id).status()).isEqualTo(JobStatus.FAILED);
      assertThat(told.waits).isEmpty();
      assertThat(told.failures).containsExactly(Optional.empty());
    }
  }

  @Test
  void givenStartInAFewSeconds_thenWaitsAtLeastAMinuteSoItNeverSpins() {
    FakeProcessor processor = new FakeProcessor().script("live", notLiveFor(Duration.ofSeconds(5)));
    Told told = new Told();
    try (OrchestrationHarness h = harness(processor, told, 7)) {
      long id = h.created(h.submit(LIVE, 1, 1));
      Instant asked = h.clock.instant();
      h.dispatchAndWait();
      assertThat(h.job(id).nextAttemptAt()).isEqualTo(asked.plus(Duration.ofMinutes(1)));
    }
  }
}
