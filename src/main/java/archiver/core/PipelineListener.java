package archiver.core;

import archiver.domain.EventType;
import archiver.domain.DownloadProgress;
import java.util.Map;

/**
 * Hears what the pipeline does: the worker records events and updates the job's progress; {@code
 * archiver fetch} prints them.
 */
public interface PipelineListener {

  void event(EventType type, Map<String, ?> data);

  /** A stage's typed event, heard as its type and data. */
  default void event(PipelineEvent event) {
    event(event.type(), event.data());
  }

  /** Called often, from a tool's output thread: must return quickly. */
  void progress(DownloadProgress progress);
}
