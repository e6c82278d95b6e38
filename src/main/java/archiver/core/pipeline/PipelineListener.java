package archiver.core.pipeline;

import archiver.domain.DownloadProgress;

/**
 * Hears what the pipeline does: the worker records events and updates the job's progress; {@code
 * archiver fetch} prints them.
 */
public interface PipelineListener {

  /** A stage's typed event. */
  void event(PipelineEvent event);

  /** Called often, from a tool's output thread: must return quickly. */
  void progress(DownloadProgress progress);
}
