package archiver.core.events;

import archiver.domain.EventType;
import archiver.logging.EventLog;
import archiver.logging.JobContext;
import archiver.logging.JobLog;
import archiver.storage.JobEventRepository;
import archiver.storage.NewEvent;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Clock;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.event.Level;

/**
 * Writes a job event as a {@code job_events} row and a log line in one call (docs/ARCHITECTURE.md,
 * "Events"), so the timeline in the database and the log never disagree.
 */
public final class EventRecorder {

  private static final Logger log = LoggerFactory.getLogger("archiver.events");

  private static final Set<EventType> ERRORS =
      EnumSet.of(EventType.ILLEGAL_TRANSITION, EventType.TRANSITION_LOST);

  private static final Set<EventType> WARNINGS =
      EnumSet.of(
          EventType.METADATA_FETCH_FAILED,
          EventType.CAPABILITY_CHECK_FAILED,
          EventType.DOWNLOAD_FAILED,
          EventType.POSTPROCESS_FAILED,
          EventType.OUTPUT_VALIDATION_FAILED,
          EventType.TELEGRAM_SEND_FAILED,
          EventType.TELEGRAM_SEND_INTERRUPTED,
          EventType.RETRY_SCHEDULED,
          EventType.RETRY_SKIPPED,
          EventType.MAX_RETRIES_REACHED,
          EventType.JOB_FAILED,
          EventType.JOB_RECOVERED_STALE,
          EventType.STALE_JOB_MARKED_FAILED);

  private final JobEventRepository events;
  private final Clock clock;
  private final ObjectMapper json = new ObjectMapper();

  public EventRecorder(JobEventRepository events, Clock clock) {
    this.events = events;
    this.clock = clock;
  }

  /** Records an event of a job whose full context is known (the usual case inside a worker). */
  public long record(JobContext context, JobEvent event) {
    try (JobLog.Scope scope = JobLog.open(context, event.stage())) {
      return insertAndLog(context.jobId(), event);
    }
  }

  /** Records an event when only the job id is at hand; the caller's log context is kept. */
  public long record(long jobId, JobEvent event) {
    try (JobLog.Scope scope = JobLog.open(jobId, event.stage())) {
      return insertAndLog(jobId, event);
    }
  }

  /** Logs an event whose row was written by the store inside a larger transaction. */
  private void logWritten(long jobId, JobEvent e) {
    try (JobLog.Scope scope = JobLog.open(jobId, e.stage())) {
      EventLog.write(log, levelOf(e.type()), jobId, e.type(), e.data());
    }
  }

  /** The rows the store writes for {@code events}. */
  public List<NewEvent> rows(List<? extends JobEvent> events) {
    return events.stream().map(e -> new NewEvent(e.type(), toJson(e.data()))).toList();
  }

  /** Logs events whose rows the store has written, in their order. */
  public void logWritten(long jobId, List<? extends JobEvent> written) {
    for (JobEvent e : written) {
      logWritten(jobId, e);
    }
  }

  /** Records events that were to go with a change that did not happen, each on its own. */
  public void recordEach(long jobId, List<? extends JobEvent> events) {
    for (JobEvent e : events) {
      record(jobId, e);
    }
  }

  /** Logs a typed event that has no row to go to (its job does not exist). */
  public void logOnly(long jobId, JobEvent event) {
    logWritten(jobId, event);
  }

  /**
   * Runs {@code write}, a store call that writes {@code written} as rows in its own transaction
   * with another change of the job, then logs them: the log follows the commit, from the same
   * objects as the rows.
   */
  public <R> R writeWith(
      long jobId, List<? extends JobEvent> written, Function<List<NewEvent>, R> write) {
    R result = write.apply(rows(written));
    logWritten(jobId, written);
    return result;
  }

  public String toJson(Map<String, ?> data) {
    try {
      return json.writeValueAsString(data == null ? Map.of() : data);
    } catch (JsonProcessingException e) {
      // Event data are small maps of strings and numbers; keep the event rather than lose it.
      Map<String, String> fallback = new LinkedHashMap<>();
      fallback.put("unserializable_data", String.valueOf(data));
      try {
        return json.writeValueAsString(fallback);
      } catch (JsonProcessingException impossible) {
        return "{}";
      }
    }
  }

  private long insertAndLog(long jobId, JobEvent event) {
    long id = events.insert(jobId, event.type(), toJson(event.data()), clock.instant());
    EventLog.write(log, levelOf(event.type()), jobId, event.type(), event.data());
    return id;
  }

  private static Level levelOf(EventType type) {
    if (ERRORS.contains(type)) {
      return Level.ERROR;
    }
    return WARNINGS.contains(type) ? Level.WARN : Level.INFO;
  }

  /**
   * Runs a transaction that writes events among other rows, then logs those events once it has
   * returned (committed): the transaction asks {@link Written} for the rows, and the same objects
   * give the log lines. Nothing is logged if it throws.
   */
  public <R> R afterCommit(Function<Written, R> transaction) {
    Written written = new Written();
    R result = transaction.apply(written);
    for (Runnable line : written.lines) {
      line.run();
    }
    return result;
  }

  /** The events one transaction writes, in order, with the job context of their log lines. */
  public final class Written {
    private final List<Runnable> lines = new java.util.ArrayList<>();

    private Written() {}

    /** The rows for {@code events} of the job {@code context} names; logged after the commit. */
    public List<NewEvent> rows(JobContext context, List<? extends JobEvent> events) {
      wrote(context, events);
      return EventRecorder.this.rows(events);
    }

    /** Notes events whose rows the store made itself (a new job's first event, a new requester). */
    public void wrote(JobContext context, List<? extends JobEvent> events) {
      lines.add(
          () -> {
            for (JobEvent e : events) {
              try (JobLog.Scope scope = JobLog.open(context, e.stage())) {
                EventLog.write(log, levelOf(e.type()), context.jobId(), e.type(), e.data());
              }
            }
          });
    }
  }
}
