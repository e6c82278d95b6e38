package archiver.core.rename;

import archiver.core.events.JobEvent;
import archiver.domain.EventType;
import archiver.domain.Stage;
import java.util.List;
import java.util.Map;

/**
 * A finished job's archived files and title took a new name. The paths are given one by one only
 * when the media is in parts, as {@code ARCHIVED} gives them.
 *
 * @param from the title before (absent when the job had none)
 * @param by who renamed it: {@code user ID} or {@code admin ID}
 */
record JobRenamed(String from, String to, List<String> oldPaths, List<String> newPaths, String by)
    implements JobEvent {

  JobRenamed {
    oldPaths = List.copyOf(oldPaths);
    newPaths = List.copyOf(newPaths);
  }

  @Override
  public EventType type() {
    return EventType.JOB_RENAMED;
  }

  @Override
  public Stage stage() {
    return Stage.ORCHESTRATOR;
  }

  @Override
  public Map<String, ?> data() {
    boolean parts = newPaths.size() > 1;
    return JobEvent.fields(
        "from",
        from,
        "to",
        to,
        "old_path",
        oldPaths.getFirst(),
        "new_path",
        newPaths.getFirst(),
        "old_paths",
        parts ? oldPaths : null,
        "new_paths",
        parts ? newPaths : null,
        "by",
        by);
  }
}
