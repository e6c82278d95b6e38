package archiver.core.pipeline;

import archiver.domain.JobType;
import archiver.download.media.MediaInfo;
import archiver.download.media.StreamInfo;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * What a job's produced file is, as the {@code jobs.media} column keeps it: enough to send the same
 * file again (a retry after Telegram failed, or after a restart) without downloading or converting
 * it a second time.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record MediaRecord(
    String file,
    String thumbnail,
    JobType jobType,
    String title,
    String performer,
    String mediaId,
    double durationSeconds,
    Integer width,
    Integer height,
    long sizeBytes,
    boolean reencoded,
    boolean faststart) {

  private static final ObjectMapper JSON =
      new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

  static MediaRecord of(ReadyMedia m) {
    return new MediaRecord(
        m.file().toString(),
        m.thumbnail().map(Path::toString).orElse(null),
        m.jobType(),
        m.title(),
        m.performer().orElse(null),
        m.mediaId().orElse(null),
        m.durationSeconds(),
        m.width().isPresent() ? m.width().getAsInt() : null,
        m.height().isPresent() ? m.height().getAsInt() : null,
        m.sizeBytes(),
        m.reencoded(),
        m.faststart());
  }

  /** The {@code jobs.media} value for the produced files (one, or the parts in order). */
  public static String toJson(List<ReadyMedia> parts) {
    try {
      return JSON.writeValueAsString(parts.stream().map(MediaRecord::of).toList());
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot describe the produced file: " + e.getMessage(), e);
    }
  }

  /** The {@code jobs.media} value for descriptions already stored, e.g. after a rename. */
  public static String recordsToJson(List<MediaRecord> records) {
    try {
      return JSON.writeValueAsString(records);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot describe the files: " + e.getMessage(), e);
    }
  }

  /** The same media under a new title, its file now at {@code newFile}. */
  public MediaRecord renamed(String newFile, String newTitle) {
    return new MediaRecord(
        newFile,
        thumbnail,
        jobType,
        newTitle,
        performer,
        mediaId,
        durationSeconds,
        width,
        height,
        sizeBytes,
        reencoded,
        faststart);
  }

  /** The stored descriptions, in order; empty when there are none or they cannot be read. */
  public static List<MediaRecord> parseAll(String json) {
    if (json == null || json.isBlank()) {
      return List.of();
    }
    try {
      return List.of(JSON.readValue(json, MediaRecord[].class));
    } catch (JsonProcessingException e) {
      return List.of();
    }
  }

  /**
   * The media to send again, when its file (and picture, if it had one) is still on disk; the file
   * may have moved into the archive since, which {@code currentFile} says.
   */
  public Optional<ReadyMedia> toReadyMedia(Path currentFile) {
    if (currentFile == null || !Files.isRegularFile(currentFile)) {
      return Optional.empty();
    }
    Optional<Path> thumb =
        Optional.ofNullable(thumbnail).map(Path::of).filter(Files::isRegularFile);
    List<StreamInfo> streams = new ArrayList<>();
    if (width != null && height != null) {
      streams.add(
          new StreamInfo(
              0, StreamInfo.Type.VIDEO, false, "h264", width, height, 0, 0, 0, "yuv420p"));
    }
    streams.add(
        new StreamInfo(streams.size(), StreamInfo.Type.AUDIO, false, "", 0, 0, 0, 0, 0, ""));
    MediaInfo info = new MediaInfo(List.of(), durationSeconds, sizeBytes, 0, streams, Map.of());
    return Optional.of(
        new ReadyMedia(
            currentFile,
            thumb,
            jobType,
            title,
            Optional.ofNullable(performer),
            Optional.ofNullable(mediaId),
            info,
            sizeBytes,
            reencoded,
            faststart));
  }
}
