package archiver.core.pipeline;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.events.JobEvent;
import archiver.core.jobs.LifecycleEvent;
import archiver.domain.Advice;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.JobType;
import archiver.domain.Stage;
import archiver.download.CapabilityResult;
import archiver.download.DownloadFailure;
import archiver.download.Metadata;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The data each pipeline event writes to the timeline, the status message and the log: the names,
 * their order, and what is left out when it is not known (docs/ARCHITECTURE.md, "Pipeline").
 */
class PipelineEventTest {

  private static final long MB = 1024 * 1024;

  private static final DownloadFailure PLAIN = DownloadFailure.of(ErrorType.NETWORK_ERROR, "reset");

  /** Everything a failure can say: status, delay, the tool's output tail, advice. */
  private static final DownloadFailure FULL =
      new DownloadFailure(
          ErrorType.AUTH_ERROR,
          "sign in",
          Optional.of(403),
          Optional.of(Duration.ofSeconds(30)),
          "ERROR: tail",
          Optional.of(new Advice.AudioOnly()));

  private static final String PLAIN_JSON = "\"error_type\":\"NETWORK_ERROR\",\"message\":\"reset\"";

  private static final String FULL_JSON =
      "\"error_type\":\"AUTH_ERROR\",\"message\":\"sign in\",\"http_status\":403,\"retry_after_seconds\":30,"
          + "\"detail\":\"ERROR: tail\",\"advice\":\"audio_only\"";

  static Stream<Arguments> events() {
    return Stream.of(
        Arguments.of(
            new PipelineEvent.MetadataFetchStarted("yt-dlp", Optional.empty()),
            EventType.METADATA_FETCH_STARTED,
            "{\"downloader\":\"yt-dlp\"}"),
        Arguments.of(
            new PipelineEvent.MetadataFetchStarted("yt-dlp", Optional.of("main")),
            EventType.METADATA_FETCH_STARTED,
            "{\"downloader\":\"yt-dlp\",\"auth_profile_id\":\"main\"}"),
        Arguments.of(
            new PipelineEvent.MetadataFetchFinished(
                "Clip",
                OptionalDouble.empty(),
                Optional.empty(),
                OptionalLong.empty(),
                List.of(),
                5),
            EventType.METADATA_FETCH_FINISHED,
            "{\"title\":\"Clip\",\"qualities\":[],\"millis\":5}"),
        Arguments.of(
            new PipelineEvent.MetadataFetchFinished(
                "Clip",
                OptionalDouble.of(3.5),
                Optional.of("abc"),
                OptionalLong.of(100),
                List.of("720p", "audio"),
                5),
            EventType.METADATA_FETCH_FINISHED,
            "{\"title\":\"Clip\",\"duration_seconds\":3.5,\"media_id\":\"abc\",\"size_bytes\":100,"
                + "\"qualities\":[\"720p\",\"audio\"],\"millis\":5}"),
        Arguments.of(
            new PipelineEvent.MetadataFetchFailed(PLAIN, Optional.empty()),
            EventType.METADATA_FETCH_FAILED,
            "{" + PLAIN_JSON + "}"),
        Arguments.of(
            new PipelineEvent.MetadataFetchFailed(FULL, Optional.of("spare")),
            EventType.METADATA_FETCH_FAILED,
            "{" + FULL_JSON + ",\"next_auth_profile_id\":\"spare\"}"),
        Arguments.of(
            new PipelineEvent.DurationRefused(PLAIN, 14400),
            EventType.CAPABILITY_CHECK_FAILED,
            "{" + PLAIN_JSON + ",\"max_duration_seconds\":14400}"),
        Arguments.of(
            new PipelineEvent.CapabilityCheckFailed(PLAIN, "720p", 50 * MB),
            EventType.CAPABILITY_CHECK_FAILED,
            "{" + PLAIN_JSON + ",\"quality\":\"720p\",\"max_bytes\":52428800}"),
        Arguments.of(
            new PipelineEvent.CapabilityCheckPassed(
                "18 (avc1 360p)",
                OptionalLong.empty(),
                50 * MB,
                false,
                Optional.empty(),
                Optional.empty()),
            EventType.CAPABILITY_CHECK_PASSED,
            "{\"plan\":\"18 (avc1 360p)\",\"max_bytes\":52428800,\"needs_transcode\":false}"),
        Arguments.of(
            new PipelineEvent.CapabilityCheckPassed(
                "18 (avc1 360p)",
                OptionalLong.of(10 * MB),
                50 * MB,
                true,
                Optional.empty(),
                Optional.of(new CapabilityResult.SmallerThanAsked("720p", 80 * MB, "360p"))),
            EventType.CAPABILITY_CHECK_PASSED,
            "{\"plan\":\"18 (avc1 360p)\",\"estimated_bytes\":10485760,\"max_bytes\":52428800,\"needs_transcode\":true,"
                + "\"smaller_than_asked\":true,\"wanted\":\"720p\",\"wanted_bytes\":83886080,\"chosen\":\"360p\"}"),
        Arguments.of(
            new PipelineEvent.CapabilityCheckPassed(
                "22",
                OptionalLong.of(120 * MB),
                50 * MB,
                false,
                Optional.of(
                    PipelineEvent.CapabilityCheckPassed.OverLimit.of(
                        JobType.VIDEO,
                        OptionalLong.of(120 * MB),
                        50 * MB,
                        OptionalDouble.of(3599.6))),
                Optional.empty()),
            EventType.CAPABILITY_CHECK_PASSED,
            "{\"plan\":\"22\",\"estimated_bytes\":125829120,\"max_bytes\":52428800,\"needs_transcode\":false,"
                + "\"over_limit\":true,\"delivery\":\"parts\",\"estimated_parts\":3,\"duration_seconds\":3600}"),
        Arguments.of(
            new PipelineEvent.CapabilityCheckPassed(
                "140",
                OptionalLong.empty(),
                50 * MB,
                false,
                Optional.of(
                    PipelineEvent.CapabilityCheckPassed.OverLimit.of(
                        JobType.AUDIO, OptionalLong.empty(), 50 * MB, OptionalDouble.empty())),
                Optional.empty()),
            EventType.CAPABILITY_CHECK_PASSED,
            "{\"plan\":\"140\",\"max_bytes\":52428800,\"needs_transcode\":false,\"over_limit\":true,"
                + "\"delivery\":\"fit_audio\"}"),
        Arguments.of(
            new PipelineEvent.DownloadStarted("22"),
            EventType.DOWNLOAD_STARTED,
            "{\"plan\":\"22\"}"),
        Arguments.of(
            new PipelineEvent.DownloadFinished(100, 7),
            EventType.DOWNLOAD_FINISHED,
            "{\"bytes\":100,\"millis\":7}"),
        Arguments.of(
            new PipelineEvent.DownloadFailed(PLAIN, Optional.empty()),
            EventType.DOWNLOAD_FAILED,
            "{" + PLAIN_JSON + "}"),
        Arguments.of(
            new PipelineEvent.DownloadFailed(FULL, Optional.of("spare")),
            EventType.DOWNLOAD_FAILED,
            "{" + FULL_JSON + ",\"next_auth_profile_id\":\"spare\"}"),
        Arguments.of(
            new PipelineEvent.PostprocessStarted(100),
            EventType.POSTPROCESS_STARTED,
            "{\"input_bytes\":100}"),
        Arguments.of(
            new PipelineEvent.PostprocessFinished(true, "h264 640x360 + aac", false, 9),
            EventType.POSTPROCESS_FINISHED,
            "{\"reencoded\":true,\"codecs\":\"h264 640x360 + aac\",\"thumbnail\":false,\"millis\":9}"),
        Arguments.of(
            new PipelineEvent.PostprocessFailed(PLAIN),
            EventType.POSTPROCESS_FAILED,
            "{" + PLAIN_JSON + "}"),
        Arguments.of(
            new PipelineEvent.FittingStarted(JobType.AUDIO, 100, 50),
            EventType.POSTPROCESS_STARTED,
            "{\"step\":\"fit_audio\",\"input_bytes\":100,\"max_bytes\":50}"),
        Arguments.of(
            new PipelineEvent.FittingStarted(JobType.VIDEO, 100, 50),
            EventType.POSTPROCESS_STARTED,
            "{\"step\":\"split\",\"input_bytes\":100,\"max_bytes\":50}"),
        Arguments.of(
            new PipelineEvent.Fitted(new PipelineEvent.Fitting.ToBitrate(48, 40), 9),
            EventType.POSTPROCESS_FINISHED,
            "{\"step\":\"fit_audio\",\"bitrate_kbps\":48,\"size_bytes\":40,\"millis\":9}"),
        Arguments.of(
            new PipelineEvent.Fitted(new PipelineEvent.Fitting.InParts(List.of(50L, 30L), 0), 9),
            EventType.POSTPROCESS_FINISHED,
            "{\"step\":\"split\",\"parts\":2,\"part_bytes\":[50,30],\"millis\":9}"),
        Arguments.of(
            new PipelineEvent.Fitted(new PipelineEvent.Fitting.InParts(List.of(50L, 30L), 12), 9),
            EventType.POSTPROCESS_FINISHED,
            "{\"step\":\"split\",\"parts\":2,\"part_bytes\":[50,30],\"audio_would_need_kbps\":12,\"millis\":9}"),
        Arguments.of(
            new OutputEvent.AsFileStarted(100),
            EventType.POSTPROCESS_STARTED,
            "{\"step\":\"as_file\",\"input_bytes\":100}"),
        Arguments.of(
            new OutputEvent.AsFileNamed(3),
            EventType.POSTPROCESS_FINISHED,
            "{\"step\":\"as_file\",\"reencoded\":false,\"millis\":3}"),
        Arguments.of(
            new OutputEvent.OutputValidated(100, 3.0, "h264 640x360 + aac", true),
            EventType.OUTPUT_VALIDATED,
            "{\"size_bytes\":100,\"duration_seconds\":3.0,\"codecs\":\"h264 640x360 + aac\",\"faststart\":true}"),
        Arguments.of(
            new OutputEvent.PartsValidated(2, 80, 6.5),
            EventType.OUTPUT_VALIDATED,
            "{\"parts\":2,\"size_bytes\":80,\"duration_seconds\":6.5}"),
        Arguments.of(
            new OutputEvent.AsFileValidated(100, 3.0, "vp9 640x360 + opus"),
            EventType.OUTPUT_VALIDATED,
            "{\"size_bytes\":100,\"duration_seconds\":3.0,\"codecs\":\"vp9 640x360 + opus\",\"as_file\":true}"),
        Arguments.of(
            new OutputEvent.ValidationFailed(FULL),
            EventType.OUTPUT_VALIDATION_FAILED,
            "{" + FULL_JSON + "}"));
  }

  @ParameterizedTest
  @MethodSource("events")
  void eachPipelineEventWritesItsFieldsInOrderAndLeavesOutWhatIsNotKnown(
      PipelineEvent event, EventType type, String json) throws Exception {
    assertThat(event.type()).isEqualTo(type);
    assertThat(event.stage()).isEqualTo(Stage.DOWNLOAD);
    assertThat(new ObjectMapper().writeValueAsString(event.data())).isEqualTo(json);
  }

  @Test
  void aReusedOutputIsTheWorkersEventAndNamesTheFirstFile() throws Exception {
    JobEvent reused = new LifecycleEvent.OutputReused("/archive/a.mp4", 2);

    assertThat(reused.type()).isEqualTo(EventType.OUTPUT_REUSED);
    assertThat(reused.stage()).isEqualTo(Stage.WORKER);
    assertThat(new ObjectMapper().writeValueAsString(reused.data()))
        .isEqualTo("{\"file_path\":\"/archive/a.mp4\",\"parts\":2}");
  }

  @Test
  void theFetchedInfoAndThePlanAreTakenFromWhatTheDownloaderSaid() {
    Metadata metadata =
        new Metadata(
            "Clip",
            Optional.empty(),
            OptionalDouble.of(3.5),
            Optional.empty(),
            Optional.of("abc"),
            OptionalLong.empty(),
            List.of("720p"),
            new Metadata.SourceData() {});
    CapabilityResult.Capable plan =
        new CapabilityResult.Capable(
            "18",
            OptionalLong.of(10),
            true,
            null,
            Optional.of(new CapabilityResult.SmallerThanAsked("720p", 80, "360p")));

    assertThat(PipelineEvent.MetadataFetchFinished.of(metadata, 5))
        .isEqualTo(
            new PipelineEvent.MetadataFetchFinished(
                "Clip",
                OptionalDouble.of(3.5),
                Optional.of("abc"),
                OptionalLong.empty(),
                List.of("720p"),
                5));
    assertThat(PipelineEvent.CapabilityCheckPassed.of(plan, 50, Optional.empty()))
        .isEqualTo(
            new PipelineEvent.CapabilityCheckPassed(
                "18", OptionalLong.of(10), 50, true, Optional.empty(), plan.smaller()));
  }
}
