package archiver.core.jobs;

import archiver.core.events.JobEvent;
import archiver.domain.EventType;
import archiver.domain.JobStatus;
import archiver.domain.Stage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A job's status changed, or the state machine refused a change (docs/ARCHITECTURE.md, "Job
 * states"). The refusals repeat what the change would have said, then why it did not happen.
 */
public sealed interface StatusEvent extends JobEvent {

  /** The status changed; {@code note} is what the transition adds (a reason, the error type). */
  record StatusChanged(JobStatus from, JobStatus to, Map<String, ?> note) implements StatusEvent {
    public StatusChanged {
      note = note == null ? Map.of() : note;
    }

    @Override
    public EventType type() {
      return EventType.STATUS_CHANGED;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("from", from.name());
      data.put("to", to.name());
      data.putAll(note);
      return Collections.unmodifiableMap(data);
    }
  }

  /** The state machine refused a change that is not in the table; nothing changed. */
  record IllegalTransition(StatusChanged attempted) implements StatusEvent {
    @Override
    public EventType type() {
      return EventType.ILLEGAL_TRANSITION;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      Map<String, Object> data = new LinkedHashMap<>(attempted.data());
      data.put("reason", "transition not in the table");
      return Collections.unmodifiableMap(data);
    }
  }

  /**
   * A change found the row in another status ({@code actual}), or found no row (empty); nothing
   * changed.
   */
  record TransitionLost(StatusChanged attempted, Optional<JobStatus> actual)
      implements StatusEvent {
    @Override
    public EventType type() {
      return EventType.TRANSITION_LOST;
    }

    @Override
    public Stage stage() {
      return Stage.ORCHESTRATOR;
    }

    @Override
    public Map<String, ?> data() {
      // A "reason" of the attempt (retry, recovery) keeps its place and takes the refusal's text.
      Map<String, Object> data = new LinkedHashMap<>(attempted.data());
      actual.ifPresent(status -> data.put("actual", status.name()));
      data.put("reason", actual.isPresent() ? "the job had already moved on" : "no such job");
      return Collections.unmodifiableMap(data);
    }
  }
}
