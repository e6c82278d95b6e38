package archiver.core.pipeline;

import archiver.core.events.JobEvent;
import archiver.domain.EventType;
import archiver.domain.JobType;
import archiver.domain.Stage;
import archiver.download.CapabilityResult;
import archiver.download.DownloadFailure;
import archiver.download.Metadata;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What the stages of a job tell their listener (docs/ARCHITECTURE.md, "Pipeline"). Each record
 * holds its fields typed and writes them under the names the timeline ({@code archiver job}), the
 * status message and log readers know; a field that is not known is left out, never null.
 */
public sealed interface PipelineEvent extends JobEvent
    permits PipelineEvent.MetadataFetchStarted,
        PipelineEvent.MetadataFetchFinished,
        PipelineEvent.MetadataFetchFailed,
        PipelineEvent.DurationRefused,
        PipelineEvent.CapabilityCheckFailed,
        PipelineEvent.CapabilityCheckPassed,
        PipelineEvent.DownloadStarted,
        PipelineEvent.DownloadFinished,
        PipelineEvent.DownloadFailed,
        PipelineEvent.PostprocessStarted,
        PipelineEvent.PostprocessFinished,
        PipelineEvent.PostprocessFailed,
        PipelineEvent.FittingStarted,
        PipelineEvent.Fitted,
        OutputEvent {

  /** The worker records what the pipeline says as its download stage. */
  @Override
  default Stage stage() {
    return Stage.DOWNLOAD;
  }

  record MetadataFetchStarted(String downloader, Optional<String> authProfileId)
      implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.METADATA_FETCH_STARTED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "downloader", downloader, "auth_profile_id", authProfileId.orElse(null));
    }
  }

  record MetadataFetchFinished(
      String title,
      OptionalDouble durationSeconds,
      Optional<String> mediaId,
      OptionalLong sizeBytes,
      List<String> qualities,
      long millis)
      implements PipelineEvent {

    static MetadataFetchFinished of(Metadata m, long millis) {
      return new MetadataFetchFinished(
          m.title(), m.durationSeconds(), m.mediaId(), m.sizeBytes(), m.qualities(), millis);
    }

    @Override
    public EventType type() {
      return EventType.METADATA_FETCH_FINISHED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "title",
          title,
          "duration_seconds",
          durationSeconds.isPresent() ? durationSeconds.getAsDouble() : null,
          "media_id",
          mediaId.orElse(null),
          "size_bytes",
          sizeBytes.isPresent() ? sizeBytes.getAsLong() : null,
          "qualities",
          qualities,
          "millis",
          millis);
    }
  }

  /** {@code nextAuthProfileId}: an auth error, and the stages start again with this profile. */
  record MetadataFetchFailed(DownloadFailure failure, Optional<String> nextAuthProfileId)
      implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.METADATA_FETCH_FAILED;
    }

    @Override
    public Map<String, ?> data() {
      return FailureFields.of(failure, "next_auth_profile_id", nextAuthProfileId.orElse(null));
    }
  }

  /** Longer than {@code limits.max_duration_seconds}: refused before anything is downloaded. */
  record DurationRefused(DownloadFailure failure, int maxDurationSeconds) implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.CAPABILITY_CHECK_FAILED;
    }

    @Override
    public Map<String, ?> data() {
      return FailureFields.of(failure, "max_duration_seconds", maxDurationSeconds);
    }
  }

  /**
   * The downloader found nothing to fetch within {@code maxBytes} in {@code quality} (its code).
   */
  record CapabilityCheckFailed(DownloadFailure failure, String quality, long maxBytes)
      implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.CAPABILITY_CHECK_FAILED;
    }

    @Override
    public Map<String, ?> data() {
      return FailureFields.of(failure, "quality", quality, "max_bytes", maxBytes);
    }
  }

  /**
   * The plan (docs/ARCHITECTURE.md, "Delivery plan for long media"); the bot's status message and
   * {@code archiver fetch} say it in words from these fields.
   */
  record CapabilityCheckPassed(
      String plan,
      OptionalLong estimatedBytes,
      long maxBytes,
      boolean needsTranscode,
      Optional<OverLimit> overLimit,
      Optional<CapabilityResult.SmallerThanAsked> smaller)
      implements PipelineEvent {

    /** No quality fits one file: the download may be larger, and is fitted after it. */
    public record OverLimit(
        JobType jobType, OptionalLong estimatedParts, OptionalDouble durationSeconds) {

      static OverLimit of(
          JobType jobType,
          OptionalLong estimatedBytes,
          long maxBytes,
          OptionalDouble durationSeconds) {
        OptionalLong parts =
            estimatedBytes.isPresent()
                ? OptionalLong.of((estimatedBytes.getAsLong() + maxBytes - 1) / maxBytes)
                : OptionalLong.empty();
        return new OverLimit(jobType, parts, durationSeconds);
      }
    }

    static CapabilityCheckPassed of(
        CapabilityResult.Capable plan, long maxBytes, Optional<OverLimit> overLimit) {
      return new CapabilityCheckPassed(
          plan.description(),
          plan.estimatedBytes(),
          maxBytes,
          plan.needsTranscode(),
          overLimit,
          plan.smaller());
    }

    @Override
    public EventType type() {
      return EventType.CAPABILITY_CHECK_PASSED;
    }

    @Override
    public Map<String, ?> data() {
      OverLimit over = overLimit.orElse(null);
      CapabilityResult.SmallerThanAsked less = smaller.orElse(null);
      return JobEvent.fields(
          "plan", plan,
          "estimated_bytes", estimatedBytes.isPresent() ? estimatedBytes.getAsLong() : null,
          "max_bytes", maxBytes,
          "needs_transcode", needsTranscode,
          // Over one file's limit: the status message says what will happen.
          "over_limit", over == null ? null : true,
          "delivery", over == null ? null : over.jobType() == JobType.AUDIO ? "fit_audio" : "parts",
          "estimated_parts",
              over == null || over.estimatedParts().isEmpty()
                  ? null
                  : over.estimatedParts().getAsLong(),
          "duration_seconds",
              over == null || over.durationSeconds().isEmpty()
                  ? null
                  : Math.round(over.durationSeconds().getAsDouble()),
          // The user asked for more than fits: say what would not fit and what comes instead.
          "smaller_than_asked", less == null ? null : true,
          "wanted", less == null ? null : less.wanted(),
          "wanted_bytes", less == null ? null : less.wantedBytes(),
          "chosen", less == null ? null : less.chosen());
    }
  }

  record DownloadStarted(String plan) implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.DOWNLOAD_STARTED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("plan", plan);
    }
  }

  record DownloadFinished(long bytes, long millis) implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.DOWNLOAD_FINISHED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("bytes", bytes, "millis", millis);
    }
  }

  /** {@code nextAuthProfileId}: an auth error, and the stages start again with this profile. */
  record DownloadFailed(DownloadFailure failure, Optional<String> nextAuthProfileId)
      implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.DOWNLOAD_FAILED;
    }

    @Override
    public Map<String, ?> data() {
      return FailureFields.of(failure, "next_auth_profile_id", nextAuthProfileId.orElse(null));
    }
  }

  /** Made ready to play (docs/ARCHITECTURE.md, "Ready to play"). */
  record PostprocessStarted(long inputBytes) implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.POSTPROCESS_STARTED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("input_bytes", inputBytes);
    }
  }

  record PostprocessFinished(boolean reencoded, String codecs, boolean thumbnail, long millis)
      implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.POSTPROCESS_FINISHED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "reencoded", reencoded, "codecs", codecs, "thumbnail", thumbnail, "millis", millis);
    }
  }

  record PostprocessFailed(DownloadFailure failure) implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.POSTPROCESS_FAILED;
    }

    @Override
    public Map<String, ?> data() {
      return FailureFields.of(failure);
    }
  }

  /**
   * The finished file is over one upload: audio is fitted, video split (step "fit_audio", "split").
   */
  record FittingStarted(JobType jobType, long inputBytes, long maxBytes) implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.POSTPROCESS_STARTED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "step",
          jobType == JobType.AUDIO ? "fit_audio" : "split",
          "input_bytes",
          inputBytes,
          "max_bytes",
          maxBytes);
    }
  }

  /** How {@link LongMedia} made a file fit the upload limit. */
  sealed interface Fitting {
    /** Audio encoded again at {@code bitrateKbps}, one file. */
    record ToBitrate(int bitrateKbps, long sizeBytes) implements Fitting {}

    /**
     * Cut into parts; {@code audioWouldNeedKbps} (0 for video) is the bitrate one audio file would
     * need.
     */
    record InParts(List<Long> partBytes, int audioWouldNeedKbps) implements Fitting {
      public InParts {
        partBytes = List.copyOf(partBytes);
      }
    }
  }

  record Fitted(Fitting fitting, long millis) implements PipelineEvent {
    @Override
    public EventType type() {
      return EventType.POSTPROCESS_FINISHED;
    }

    @Override
    public Map<String, ?> data() {
      return switch (fitting) {
        case Fitting.ToBitrate audio ->
            JobEvent.fields(
                "step",
                "fit_audio",
                "bitrate_kbps",
                audio.bitrateKbps(),
                "size_bytes",
                audio.sizeBytes(),
                "millis",
                millis);
        case Fitting.InParts parts ->
            JobEvent.fields(
                "step",
                "split",
                "parts",
                parts.partBytes().size(),
                "part_bytes",
                parts.partBytes(),
                "audio_would_need_kbps",
                parts.audioWouldNeedKbps() > 0 ? parts.audioWouldNeedKbps() : null,
                "millis",
                millis);
      };
    }
  }
}
