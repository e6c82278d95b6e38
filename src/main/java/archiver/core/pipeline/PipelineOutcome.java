package archiver.core.pipeline;

import archiver.download.DownloadFailure;
import java.util.List;

/** How a pipeline run ended. */
public sealed interface PipelineOutcome {
  /** The media, ready to send: one file, or parts in order when it is too large for one. */
  record Succeeded(List<ReadyMedia> parts) implements PipelineOutcome {
    public Succeeded {
      if (parts.isEmpty()) {
        throw new IllegalArgumentException("no media");
      }
      parts = List.copyOf(parts);
    }

    public Succeeded(ReadyMedia media) {
      this(List.of(media));
    }

    /** The first (or only) file. */
    public ReadyMedia media() {
      return parts.getFirst();
    }
  }

  /** {@code stage} names the step that failed, e.g. "METADATA_FETCH". */
  record Failed(String stage, DownloadFailure failure) implements PipelineOutcome {}
}
