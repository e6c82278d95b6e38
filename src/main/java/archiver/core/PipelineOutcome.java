package archiver.core;

import archiver.download.DownloadFailure;

/** How a pipeline run ended. */
public sealed interface PipelineOutcome {
  record Succeeded(ReadyMedia media) implements PipelineOutcome {}

  /** {@code stage} names the step that failed, e.g. "METADATA_FETCH". */
  record Failed(String stage, DownloadFailure failure) implements PipelineOutcome {}
}
