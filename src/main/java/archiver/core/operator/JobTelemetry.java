package archiver.core.operator;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.storage.Database;
import archiver.storage.JobQueries;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Turns the events written since the last look into stage durations and failures, for {@code
 * /metrics} (docs/ARCHITECTURE.md, "Operator page"). The timeline already has every start and end
 * with its time, so nothing in the pipeline is measured twice; this reads forward from where it
 * stopped, in small batches, beginning with the events written after it was made.
 */
public final class JobTelemetry {

  /** A stage that has a start event and end events in the timeline. */
  public enum TimedStage {
    METADATA_FETCH(
        EventType.METADATA_FETCH_STARTED,
        EventType.METADATA_FETCH_FINISHED,
        EventType.METADATA_FETCH_FAILED),
    DOWNLOAD(EventType.DOWNLOAD_STARTED, EventType.DOWNLOAD_FINISHED, EventType.DOWNLOAD_FAILED),
    POSTPROCESS(
        EventType.POSTPROCESS_STARTED,
        EventType.POSTPROCESS_FINISHED,
        EventType.POSTPROCESS_FAILED),
    TELEGRAM_SEND(
        EventType.TELEGRAM_SEND_STARTED,
        EventType.TELEGRAM_SEND_FINISHED,
        EventType.TELEGRAM_SEND_FAILED);

    final EventType start;
    final EventType finished;
    final EventType failed;

    TimedStage(EventType start, EventType finished, EventType failed) {
      this.start = start;
      this.finished = finished;
      this.failed = failed;
    }
  }

  public enum Outcome {
    FINISHED,
    FAILED
  }

  /** Something the timeline says happened, as a metric sees it. */
  public sealed interface Observation permits StageTimed, JobFailed {}

  public record StageTimed(TimedStage stage, Outcome outcome, Duration took)
      implements Observation {}

  public record JobFailed(ErrorType errorType) implements Observation {}

  static final int BATCH = 500;

  /** Batches read per call at most: a backlog is worked off over the next scrapes instead. */
  static final int MAX_BATCHES = 20;

  private static final Set<EventType> ENDS = ends();

  private final JobQueries queries;
  private long cursor;

  public JobTelemetry(Database db) {
    this.queries = JobQueries.on(db);
    this.cursor = queries.lastEventId();
  }

  private static Set<EventType> ends() {
    Set<EventType> ends = EnumSet.of(EventType.JOB_FAILED);
    for (TimedStage s : TimedStage.values()) {
      ends.add(s.finished);
      ends.add(s.failed);
    }
    return ends;
  }

  /** What happened since the last call. Scrapes may overlap, and each event is seen once. */
  public synchronized List<Observation> poll() {
    List<Observation> seen = new ArrayList<>();
    for (int batch = 0; batch < MAX_BATCHES; batch++) {
      List<JobQueries.EventMark> marks = queries.eventsAfter(cursor, ENDS, BATCH);
      for (JobQueries.EventMark mark : marks) {
        observe(mark).ifPresent(seen::add);
        cursor = mark.id();
      }
      if (marks.size() < BATCH) {
        break;
      }
    }
    return seen;
  }

  private Optional<Observation> observe(JobQueries.EventMark mark) {
    if (mark.type() == EventType.JOB_FAILED) {
      return Optional.of(new JobFailed(mark.jobErrorType().orElse(ErrorType.UNKNOWN)));
    }
    for (TimedStage stage : TimedStage.values()) {
      if (mark.type() == stage.finished || mark.type() == stage.failed) {
        Outcome outcome = mark.type() == stage.finished ? Outcome.FINISHED : Outcome.FAILED;
        // The latest start before this end: a retry starts the stage again, and one job has one
        // send in flight at a time (docs/ARCHITECTURE.md, "Delivery").
        Optional<Instant> started = queries.latestBefore(mark.jobId(), mark.id(), stage.start);
        return started.map(
            at -> new StageTimed(stage, outcome, positive(Duration.between(at, mark.at()))));
      }
    }
    return Optional.empty();
  }

  private static Duration positive(Duration d) {
    return d.isNegative() ? Duration.ZERO : d;
  }
}
