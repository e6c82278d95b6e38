package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.delivery.JobObserver;
import archiver.core.delivery.Piece;
import archiver.core.jobs.SubmitResult;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.Requester;
import archiver.storage.HistoryPruner;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Retention (docs/ARCHITECTURE.md, "Cleanup"): 90 days of events, 365 days of jobs by default. */
class HistoryCleanupTest {

  @TempDir Path dir;

  /** Hands out a file_id for every upload, as Telegram does. */
  private static final JobObserver TELEGRAM =
      new JobObserver() {
        @Override
        public SendResult upload(Job job, Requester to, ReadyMedia media, Piece piece) {
          return new SendResult.Sent(1, "FILE-" + job.id());
        }

        @Override
        public SendResult resend(Job job, Requester to, Piece piece, String fileId) {
          return new SendResult.Sent(2, fileId);
        }
      };

  private static FakeProcessor processor() {
    return new FakeProcessor(
        url ->
            url.contains("fail")
                ? new FakeProcessor.Fail(ErrorType.FORMAT_NOT_FOUND)
                : new FakeProcessor.Succeed());
  }

  @Test
  void givenFreshHistory_whenCleanedUp_thenNothingIsRemoved() {
    try (OrchestrationHarness h = new OrchestrationHarness(dir, processor(), TELEGRAM, c -> c)) {
      long done = h.created(h.submit("https://youtu.be/aaaaaaaaaaa", 1, 100));
      h.dispatchAndWait();
      int eventsBefore = h.events(done).size();

      HistoryPruner.Pruned pruned = h.core.history().runOnce();

      assertThat(pruned.any()).isFalse();
      assertThat(h.events(done)).hasSize(eventsBefore);
    }
  }

  @Test
  void
      givenFinishedJobsOlderThanTheWindows_whenCleanedUp_thenTheyGoAndUnfinishedOrReusedOnesStay() {
    try (OrchestrationHarness h = new OrchestrationHarness(dir, processor(), TELEGRAM, c -> c)) {
      long cached = h.created(h.submit("https://youtu.be/aaaaaaaaaaa", 1, 100));
      long failed = h.created(h.submit("https://example.com/fail.mp4", 1, 100));
      long done = h.created(h.submit("https://youtu.be/bbbbbbbbbbb", 1, 100));
      h.dispatchAndWait();
      h.dispatchAndWait();
      assertThat(h.job(cached).status()).isEqualTo(JobStatus.COMPLETED);
      assertThat(h.job(failed).status()).isEqualTo(JobStatus.FAILED);
      assertThat(h.job(done).telegramFileId()).isEqualTo("FILE-" + done);

      // 100 days on: events of finished jobs are past the 90-day window, the jobs are not.
      h.clock.advance(Duration.ofDays(100));
      long waiting = h.created(h.submit("https://youtu.be/ccccccccccc", 2, 200));
      HistoryPruner.Pruned eventsOnly = h.core.history().runOnce();

      assertThat(eventsOnly.events()).isPositive();
      assertThat(eventsOnly.jobs()).isZero();
      assertThat(h.events(done)).isEmpty();
      assertThat(h.events(failed)).isEmpty();
      assertThat(h.events(waiting)).isNotEmpty();
      assertThat(h.db.jobs().findById(done)).isPresent();

      // 300 days later someone asks for the first video again: its file_id answers.
      h.clock.advance(Duration.ofDays(300));
      assertThat(h.submit("https://www.youtube.com/watch?v=aaaaaaaaaaa", 3, 300))
          .isInstanceOfSatisfying(
              SubmitResult.Cached.class, c -> assertThat(c.job().id()).isEqualTo(cached));
      HistoryPruner.Pruned jobs = h.core.history().runOnce();

      assertThat(jobs.jobs()).isEqualTo(2);
      assertThat(h.db.jobs().findById(done)).isEmpty();
      assertThat(h.db.jobs().findById(failed)).isEmpty();
      assertThat(h.db.jobs().findById(cached)).isPresent();
      assertThat(h.db.jobs().findById(waiting))
          .get()
          .extracting(Job::status)
          .isEqualTo(JobStatus.PENDING);
      assertThat(h.events(waiting)).isNotEmpty();
      assertThat(h.db.deliveries().requesters(done)).isEmpty();

      // And the kept file_id still answers a request after the cleanup.
      assertThat(h.submit("https://youtu.be/aaaaaaaaaaa", 4, 400))
          .isInstanceOfSatisfying(
              SubmitResult.Cached.class,
              c -> assertThat(c.job().telegramFileId()).isEqualTo("FILE-" + cached));
    }
  }

  @Test
  void aPlaylistBatchThatEndedLongAgoGoesWithItsItemsAndTimelineAndARunningOneStays() {
    try (OrchestrationHarness h = new OrchestrationHarness(dir, processor(), TELEGRAM, c -> c)) {
      archiver.core.batch.BatchService.Offer offer =
          new archiver.core.batch.BatchService.Offer(
              "https://media.example.org/series.xml",
              "series",
              "Series",
              1,
              false,
              List.of(new archiver.domain.NewBatch.Item("https://media.example.org/a.mp3", "A")),
              java.util.Optional.empty());
      long ended =
          ((archiver.core.batch.BatchService.Created)
                  h.core
                      .batches()
                      .start(offer, archiver.domain.Quality.AUDIO_BEST, 1L, 1L, "en", 5))
              .batch()
              .id();
      h.core.batches().cancel(ended, 1L, false);
      long running =
          ((archiver.core.batch.BatchService.Created)
                  h.core
                      .batches()
                      .start(offer, archiver.domain.Quality.AUDIO_BEST, 2L, 2L, "en", 6))
              .batch()
              .id();
      h.clock.advance(Duration.ofDays(400));

      HistoryPruner.Pruned pruned = h.core.history().runOnce();

      assertThat(pruned.batches()).isEqualTo(1);
      assertThat(h.db.batches().find(ended)).isEmpty();
      assertThat(h.db.batches().items(ended)).isEmpty();
      assertThat(h.db.batches().events(ended)).isEmpty();
      assertThat(h.db.batches().find(running)).isPresent();
    }
  }
}
