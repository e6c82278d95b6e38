package archiver.download.media;

import archiver.domain.ErrorType;
import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * Reads a media file's container and streams with {@code ffprobe -print_format json -show_format
 * -show_streams}. Files come from strangers' links, so ffprobe may only open local files: a
 * downloaded "video" that is really an HLS playlist must not make it fetch URLs.
 */
public final class Ffprobe {

  private final ProcessRunner runner;
  private final MediaTools tools;
  private final Duration timeout;
  private final ObjectMapper json = new ObjectMapper();

  public Ffprobe(ProcessRunner runner, MediaTools tools, Duration timeout) {
    this.runner = Objects.requireNonNull(runner, "runner");
    this.tools = Objects.requireNonNull(tools, "tools");
    this.timeout = Objects.requireNonNull(timeout, "timeout");
  }

  /**
   * Probes a file.
   *
   * @throws InterruptedException when the calling thread is interrupted (ffprobe is killed first)
   */
  public ProbeResult probe(Path file) throws InterruptedException {
    List<String> command =
        List.of(
            tools.ffprobe(),
            "-v",
            "error",
            "-protocol_whitelist",
            "file",
            "-print_format",
            "json",
            "-show_format",
            "-show_streams",
            "-i",
            // An absolute path never looks like "protocol:..." to ffmpeg.
            file.toAbsolutePath().toString());
    ProcessResult result;
    try {
      result = runner.run(ProcessSpec.of(command, timeout));
    } catch (IOException e) {
      return new ProbeResult.Failed(
          ErrorType.UNKNOWN, ToolMessages.shorten("cannot start ffprobe: " + e.getMessage()));
    }
    if (result.timedOut()) {
      return new ProbeResult.Failed(
          ErrorType.TIMEOUT, "ffprobe ran longer than " + ToolMessages.describe(timeout));
    }
    if (result.exitCode() != 0) {
      return new ProbeResult.Failed(
          ErrorType.UNKNOWN,
          ToolMessages.lastMeaningfulLine(
              result.stderr(), "ffprobe failed with exit code " + result.exitCode()));
    }
    try {
      return new ProbeResult.Probed(parse(result.stdout()));
    } catch (JsonProcessingException e) {
      return new ProbeResult.Failed(
          ErrorType.UNKNOWN, ToolMessages.shorten("unreadable ffprobe output: " + e.getMessage()));
    }
  }

  /** Reads ffprobe's JSON; ffprobe prints most numbers as strings and "N/A" when unknown. */
  MediaInfo parse(String ffprobeJson) throws JsonProcessingException {
    JsonNode root = json.readTree(ffprobeJson);
    if (root == null || !root.isObject()) {
      throw new JsonParseFailure("not a JSON object");
    }
    JsonNode format = root.path("format");
    List<String> formatNames = new ArrayList<>();
    for (String name : format.path("format_name").asText("").split(",")) {
      if (!name.isBlank()) {
        formatNames.add(name.strip());
      }
    }
    List<StreamInfo> streams = new ArrayList<>();
    double longestStream = 0;
    for (JsonNode s : root.path("streams")) {
      streams.add(stream(s));
      longestStream = Math.max(longestStream, decimal(s.path("duration")));
    }
    // Raw streams (ADTS AAC, some MKV) have no container duration; the longest stream is the next
    // best answer.
    double duration = decimal(format.path("duration"));
    if (duration <= 0) {
      duration = longestStream;
    }
    Map<String, String> tags = new HashMap<>();
    format
        .path("tags")
        .properties()
        .forEach(e -> tags.put(e.getKey().toLowerCase(Locale.ROOT), e.getValue().asText()));
    return new MediaInfo(
        formatNames,
        duration,
        whole(format.path("size")),
        whole(format.path("bit_rate")),
        streams,
        tags);
  }

  private static StreamInfo stream(JsonNode s) {
    StreamInfo.Type type =
        switch (s.path("codec_type").asText("")) {
          case "video" -> StreamInfo.Type.VIDEO;
          case "audio" -> StreamInfo.Type.AUDIO;
          default -> StreamInfo.Type.OTHER;
        };
    return new StreamInfo(
        (int) whole(s.path("index")),
        type,
        whole(s.path("disposition").path("attached_pic")) == 1,
        s.path("codec_name").asText(""),
        (int) whole(s.path("width")),
        (int) whole(s.path("height")),
        whole(s.path("bit_rate")),
        (int) whole(s.path("channels")),
        (int) whole(s.path("sample_rate")),
        s.path("pix_fmt").asText(""));
  }

  private static long whole(JsonNode node) {
    if (node.isNumber()) {
      return node.asLong();
    }
    try {
      return Long.parseLong(node.asText("").strip());
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static double decimal(JsonNode node) {
    if (node.isNumber()) {
      return node.asDouble();
    }
    try {
      double value = Double.parseDouble(node.asText("").strip());
      return Double.isFinite(value) ? value : 0;
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private static final class JsonParseFailure extends JsonProcessingException {
    JsonParseFailure(String message) {
      super(message);
    }
  }
}
