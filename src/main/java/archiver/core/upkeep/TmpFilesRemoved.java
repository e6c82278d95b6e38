package archiver.core.upkeep;

import archiver.core.events.JobEvent;
import archiver.domain.EventType;
import archiver.domain.Stage;
import java.util.Map;

/** The tmp cleanup removed a finished job's folder (docs/ARCHITECTURE.md, "Cleanup"). */
public record TmpFilesRemoved(long bytes, long ageHours) implements JobEvent {
  @Override
  public EventType type() {
    return EventType.TMP_FILES_REMOVED;
  }

  @Override
  public Stage stage() {
    return Stage.ORCHESTRATOR;
  }

  @Override
  public Map<String, ?> data() {
    return JobEvent.fields("bytes", bytes, "age_hours", ageHours);
  }
}
