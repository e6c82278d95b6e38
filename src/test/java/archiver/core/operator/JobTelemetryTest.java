package archiver.core.operator;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.JobStatus;
import archiver.storage.Database;
import archiver.testing.StoredJobs;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class JobTelemetryTest {

  @TempDir Path dir;
  private Database db;
  private StoredJobs stored;
  private final Instant t0 = Instant.parse("2026-12-01T10:00:00Z");

  @BeforeEach
  void open() {
    db = archiver.testing.TestDatabases.fresh(dir);
    stored = new StoredJobs(db);
  }

  @AfterEach
  void close() {
    db.close();
  }

  @Test
  void eventsWrittenBeforeItStartedAreNotCountedAgain() {
    long job = stored.insert(StoredJobs.job(JobStatus.FAILED, t0).failed(ErrorType.HTTP_ERROR, t0));
    stored.event(job, EventType.JOB_FAILED, "{}", t0);

    assertThat(new JobTelemetry(db).poll()).isEmpty();
  }

  @Test
  void eachStageEndBecomesItsDurationSinceTheLatestStartAndEachFailureItsErrorType() {
    JobTelemetry telemetry = new JobTelemetry(db);
    long job = stored.insert(StoredJobs.job(JobStatus.FAILED, t0).failed(ErrorType.TIMEOUT, t0));
    stored.event(job, EventType.METADATA_FETCH_STARTED, "{}", t0);
    stored.event(job, EventType.METADATA_FETCH_FINISHED, "{}", t0.plusMillis(1500));
    stored.event(job, EventType.DOWNLOAD_STARTED, "{}", t0.plusSeconds(2));
    stored.event(job, EventType.DOWNLOAD_FAILED, "{}", t0.plusSeconds(7));
    stored.event(job, EventType.DOWNLOAD_STARTED, "{}", t0.plusSeconds(60));
    stored.event(job, EventType.DOWNLOAD_FAILED, "{}", t0.plusSeconds(90));
    stored.event(job, EventType.JOB_FAILED, "{}", t0.plusSeconds(90));

    assertThat(telemetry.poll())
        .containsExactly(
            new JobTelemetry.StageTimed(
                JobTelemetry.TimedStage.METADATA_FETCH,
                JobTelemetry.Outcome.FINISHED,
                Duration.ofMillis(1500)),
            new JobTelemetry.StageTimed(
                JobTelemetry.TimedStage.DOWNLOAD,
                JobTelemetry.Outcome.FAILED,
                Duration.ofSeconds(5)),
            new JobTelemetry.StageTimed(
                JobTelemetry.TimedStage.DOWNLOAD,
                JobTelemetry.Outcome.FAILED,
                Duration.ofSeconds(30)),
            new JobTelemetry.JobFailed(ErrorType.TIMEOUT));
    assertThat(telemetry.poll()).as("each event is seen once").isEmpty();
  }

  @Test
  void aBacklogLargerThanOneCallIsWorkedOffByTheNextCalls() {
    JobTelemetry telemetry = new JobTelemetry(db);
    long job = stored.insert(StoredJobs.job(JobStatus.FAILED, t0).failed(ErrorType.HTTP_ERROR, t0));
    int events = JobTelemetry.BATCH * JobTelemetry.MAX_BATCHES + 3;
    db.jdbi()
        .useTransaction(
            h -> {
              for (int i = 0; i < events; i++) {
                h.execute(
                    "INSERT INTO job_events (job_id, event_type, data, created_at) VALUES (?, 'JOB_FAILED', '{}', ?)",
                    job,
                    t0.toEpochMilli());
              }
            });

    assertThat(telemetry.poll()).hasSize(JobTelemetry.BATCH * JobTelemetry.MAX_BATCHES);
    assertThat(telemetry.poll()).hasSize(3);
  }
}
