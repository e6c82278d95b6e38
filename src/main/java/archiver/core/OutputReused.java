package archiver.core;

import archiver.domain.EventType;
import archiver.domain.Stage;
import java.nio.file.Path;
import java.util.Map;

/**
 * A retry found the output of an earlier attempt recorded and on disk, and sends it again instead
 * of downloading and converting twice (docs/ARCHITECTURE.md, "Pipeline"). The worker says this
 * before any stage runs, so it is not a {@link PipelineEvent}; {@code file} is the first part.
 */
record OutputReused(Path file, int parts) implements JobEvent {
  @Override
  public Stage stage() {
    return Stage.WORKER;
  }

  @Override
  public EventType type() {
    return EventType.OUTPUT_REUSED;
  }

  @Override
  public Map<String, ?> data() {
    return JobEvent.fields("file_path", file.toString(), "parts", parts);
  }
}
