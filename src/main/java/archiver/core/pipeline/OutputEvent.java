package archiver.core.pipeline;

import archiver.core.events.JobEvent;
import archiver.domain.EventType;
import archiver.download.DownloadFailure;
import archiver.download.media.MediaInfo;
import java.util.Map;

/**
 * The pipeline's last steps: the original kept as a file, and the check of what was made
 * (docs/ARCHITECTURE.md, "Pipeline").
 */
public sealed interface OutputEvent extends PipelineEvent {

  /** The original as a file: renamed after the title, not converted. */
  record AsFileStarted(long inputBytes) implements OutputEvent {
    @Override
    public EventType type() {
      return EventType.POSTPROCESS_STARTED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("step", "as_file", "input_bytes", inputBytes);
    }
  }

  record AsFileNamed(long millis) implements OutputEvent {
    @Override
    public EventType type() {
      return EventType.POSTPROCESS_FINISHED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("step", "as_file", "reencoded", false, "millis", millis);
    }
  }

  record OutputValidated(long sizeBytes, double durationSeconds, String codecs, boolean faststart)
      implements OutputEvent {

    static OutputValidated of(MediaInfo info, boolean faststart) {
      return new OutputValidated(
          info.sizeBytes(), info.durationSeconds(), info.codecSummary(), faststart);
    }

    @Override
    public EventType type() {
      return EventType.OUTPUT_VALIDATED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "size_bytes",
          sizeBytes,
          "duration_seconds",
          durationSeconds,
          "codecs",
          codecs,
          "faststart",
          faststart);
    }
  }

  /** Every part of long media passed; the sizes and durations are the parts' sums. */
  record PartsValidated(int parts, long sizeBytes, double durationSeconds) implements OutputEvent {
    @Override
    public EventType type() {
      return EventType.OUTPUT_VALIDATED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "parts", parts, "size_bytes", sizeBytes, "duration_seconds", durationSeconds);
    }
  }

  record AsFileValidated(long sizeBytes, double durationSeconds, String codecs)
      implements OutputEvent {

    static AsFileValidated of(MediaInfo info) {
      return new AsFileValidated(info.sizeBytes(), info.durationSeconds(), info.codecSummary());
    }

    @Override
    public EventType type() {
      return EventType.OUTPUT_VALIDATED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "size_bytes",
          sizeBytes,
          "duration_seconds",
          durationSeconds,
          "codecs",
          codecs,
          "as_file",
          true);
    }
  }

  record ValidationFailed(DownloadFailure failure) implements OutputEvent {
    @Override
    public EventType type() {
      return EventType.OUTPUT_VALIDATION_FAILED;
    }

    @Override
    public Map<String, ?> data() {
      return FailureFields.of(failure);
    }
  }
}
