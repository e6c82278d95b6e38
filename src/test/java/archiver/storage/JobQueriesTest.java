package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobFilter;
import archiver.domain.JobStatus;
import archiver.domain.SourceType;
import archiver.testing.StoredJobs;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobQueriesTest {

  @TempDir Path dir;
  private Database db;
  private StoredJobs stored;
  private JobQueries queries;
  private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

  @BeforeEach
  void open() {
    db = archiver.testing.TestDatabases.fresh(dir);
    stored = new StoredJobs(db);
    queries = JobQueries.on(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  private static JobFilter status(JobStatus s) {
    return new JobFilter(Optional.of(s), Optional.empty(), Optional.empty());
  }

  private static List<Long> ids(JobQueries.JobPage page) {
    return page.jobs().stream().map(Job::id).toList();
  }

  @Test
  void pagesGoNewestFirstAndTheLastPageSaysNothingIsOlder() {
    List<Long> all = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      all.add(stored.insert(StoredJobs.job(JobStatus.COMPLETED, t0.plusSeconds(i))));
    }

    JobQueries.JobPage first = queries.jobs(JobFilter.all(), Optional.empty(), 2);
    JobQueries.JobPage second = queries.jobs(JobFilter.all(), first.nextBeforeId(), 2);
    JobQueries.JobPage third = queries.jobs(JobFilter.all(), second.nextBeforeId(), 2);

    assertThat(ids(first)).containsExactly(all.get(4), all.get(3));
    assertThat(ids(second)).containsExactly(all.get(2), all.get(1));
    assertThat(ids(third)).containsExactly(all.get(0));
    assertThat(third.nextBeforeId()).isEmpty();
  }

  @Test
  void filtersCombineStatusSourceAndErrorType() {
    stored.insert(StoredJobs.job(JobStatus.FAILED, t0).failed(ErrorType.HTTP_ERROR, t0));
    long wanted =
        stored.insert(
            StoredJobs.job(JobStatus.FAILED, t0)
                .source(SourceType.YOUTUBE)
                .failed(ErrorType.HTTP_ERROR, t0));
    stored.insert(
        StoredJobs.job(JobStatus.FAILED, t0)
            .source(SourceType.YOUTUBE)
            .failed(ErrorType.AUTH_ERROR, t0));
    stored.insert(StoredJobs.job(JobStatus.COMPLETED, t0).source(SourceType.YOUTUBE));

    JobFilter filter =
        new JobFilter(
            Optional.of(JobStatus.FAILED),
            Optional.of(SourceType.YOUTUBE),
            Optional.of(ErrorType.HTTP_ERROR));

    assertThat(ids(queries.jobs(filter, Optional.empty(), 10))).containsExactly(wanted);
  }

  @Test
  void unfinishedJobsAreFoundWhereverTheyAreAmongFinishedOnes() {
    long old = stored.insert(StoredJobs.job(JobStatus.RUNNING, t0));
    manyCompleted(JobQueries.SCAN_WINDOW + 10);

    JobQueries.JobPage page = queries.jobs(status(JobStatus.RUNNING), Optional.empty(), 10);

    assertThat(ids(page)).containsExactly(old);
    assertThat(page.nextBeforeId()).isEmpty();
  }

  @Test
  void aFilterOnFinishedJobsLooksAtOneWindowOfIdsAndSaysWhereTheNextBegins() {
    long oldFailure =
        stored.insert(StoredJobs.job(JobStatus.FAILED, t0).failed(ErrorType.TIMEOUT, t0));
    long last = manyCompleted(JobQueries.SCAN_WINDOW + 10);

    JobQueries.JobPage first = queries.jobs(status(JobStatus.FAILED), Optional.empty(), 10);

    assertThat(first.jobs()).isEmpty();
    assertThat(first.scannedDownTo()).isEqualTo(last + 1 - JobQueries.SCAN_WINDOW);
    assertThat(first.nextBeforeId()).contains(first.scannedDownTo());
    JobQueries.JobPage second = queries.jobs(status(JobStatus.FAILED), first.nextBeforeId(), 10);
    assertThat(ids(second)).containsExactly(oldFailure);
    assertThat(second.nextBeforeId()).isEmpty();
  }

  private long manyCompleted(int n) {
    return stored.manyCompleted(n, t0);
  }

  @Test
  void theTimelineIsPagedOldestFirst() {
    long job = stored.insert(StoredJobs.job(JobStatus.RUNNING, t0));
    long a = stored.event(job, EventType.JOB_CREATED, "{}", t0);
    long b = stored.event(job, EventType.STATUS_CHANGED, "{\"to\":\"QUEUED\"}", t0);
    long c = stored.event(job, EventType.DOWNLOAD_STARTED, "{}", t0);

    assertThat(queries.timeline(job, 0, 2)).extracting(JobEvent::id).containsExactly(a, b);
    assertThat(queries.timeline(job, b, 2)).extracting(JobEvent::id).containsExactly(c);
  }

  @Test
  void eventsAfterACursorComeWithTheJobsErrorTypeAndTheirStartIsFoundBeforeThem() {
    long job =
        stored.insert(StoredJobs.job(JobStatus.FAILED, t0).failed(ErrorType.NETWORK_ERROR, t0));
    long before = queries.lastEventId();
    stored.event(job, EventType.DOWNLOAD_STARTED, "{}", t0);
    stored.event(job, EventType.DOWNLOAD_STARTED, "{}", t0.plusSeconds(10));
    long failed = stored.event(job, EventType.DOWNLOAD_FAILED, "{}", t0.plusSeconds(12));
    stored.event(job, EventType.JOB_FAILED, "{}", t0.plusSeconds(12));

    List<JobQueries.EventMark> marks =
        queries.eventsAfter(before, Set.of(EventType.DOWNLOAD_FAILED, EventType.JOB_FAILED), 10);

    assertThat(marks)
        .extracting(JobQueries.EventMark::type)
        .containsExactly(EventType.DOWNLOAD_FAILED, EventType.JOB_FAILED);
    assertThat(marks.get(1).jobErrorType()).contains(ErrorType.NETWORK_ERROR);
    assertThat(queries.latestBefore(job, failed, EventType.DOWNLOAD_STARTED))
        .contains(t0.plusSeconds(10));
    assertThat(queries.latestBefore(job, failed, EventType.POSTPROCESS_STARTED)).isEmpty();
  }
}
