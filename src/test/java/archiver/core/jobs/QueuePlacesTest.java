package archiver.core.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.JobStatus;
import archiver.storage.Database;
import archiver.testing.StoredJobs;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** "Queued (position N)" is said only of a job that really waits for a worker. */
class QueuePlacesTest {

  private static final Instant NOW = Instant.parse("2026-03-01T10:00:00Z");

  @TempDir Path dir;
  private Database db;
  private StoredJobs stored;
  private final AtomicInteger free = new AtomicInteger();
  private QueuePlaces places;

  @BeforeEach
  void open() {
    db = archiver.testing.TestDatabases.fresh(dir);
    stored = new StoredJobs(db);
    places = new QueuePlaces(db.jobs(), source -> free.get(), Clock.fixed(NOW, ZoneOffset.UTC));
  }

  @AfterEach
  void close() {
    db.close();
  }

  private long pending(Instant at) {
    return stored.insert(StoredJobs.job(JobStatus.PENDING, at));
  }

  @Test
  void aNewJobWithAFreeWorkerHasNoPlaceInLine() {
    free.set(1);
    long job = pending(NOW);

    assertThat(places.of(job)).isEmpty();
  }

  @Test
  void withEveryWorkerBusyTheFirstWaitingJobIsPositionOneAndTheNextPositionTwo() {
    free.set(0);
    long first = pending(NOW.minusSeconds(2));
    long second = pending(NOW.minusSeconds(1));

    assertThat(places.of(first)).isEqualTo(OptionalInt.of(1));
    assertThat(places.of(second)).isEqualTo(OptionalInt.of(2));
  }

  @Test
  void aFreeWorkerIsCountedForTheJobsAheadFirst() {
    free.set(1);
    pending(NOW.minusSeconds(2));
    long second = pending(NOW.minusSeconds(1));

    assertThat(places.of(second)).isEqualTo(OptionalInt.of(1));
  }

  @Test
  void aJobTheSchedulerHasAlreadyTakenIsStartingEvenWithNoWorkerLeft() {
    free.set(0);
    long taken = stored.insert(StoredJobs.job(JobStatus.QUEUED, NOW));
    long running = stored.insert(StoredJobs.job(JobStatus.RUNNING, NOW));

    assertThat(places.of(taken)).isEmpty();
    assertThat(places.of(running)).isEmpty();
  }

  @Test
  void runningJobsAndRetriesNotYetDueAreNotAhead() {
    free.set(0);
    stored.insert(StoredJobs.job(JobStatus.RUNNING, NOW.minusSeconds(5)));
    pending(NOW.plusSeconds(600)); // a retry in its back-off
    long job = pending(NOW);

    assertThat(places.of(job)).isEqualTo(OptionalInt.of(1));
  }
}
