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
import java.util.Optional;
import java.util.function.Consumer;

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

  /**
   * One packet of one stream, as {@code ffprobe -show_packets} lists it in file order.
   *
   * @param seconds the presentation time, the decoding time when that is unknown, else the previous
   *     packet's
   * @param keyframe a packet a player can start decoding at (ffprobe's flag {@code K})
   */
  record Packet(double seconds, long size, boolean keyframe) {}

  /**
   * Lists the packets of one stream without decoding them. This reads the whole file but decodes
   * nothing, which is why it finds keyframes rather than {@code -skip_frame nokey -show_frames}:
   * that decodes every keyframe (seconds for an hour of HD video) and tells no sizes. The packets
   * are handed to {@code each} as ffprobe prints them (thousands a second for a long video, so none
   * is kept here).
   *
   * <p>A long file takes longer than the usual probe, so this run counts against the caller's
   * budget rather than the probe timeout.
   *
   * @return empty when the whole list was read
   * @throws InterruptedException when the calling thread is interrupted (ffprobe is killed first)
   */
  Optional<ProbeResult.Failed> packets(
      Path file, int streamIndex, TimeBudget budget, Consumer<Packet> each)
      throws InterruptedException {
    Optional<Duration> left = budget.remaining();
    if (left.isEmpty()) {
      return Optional.of(timedOut(budget.total()));
    }
    List<String> command =
        List.of(
            tools.ffprobe(),
            "-v",
            "error",
            "-protocol_whitelist",
            "file",
            "-select_streams",
            Integer.toString(streamIndex),
            "-show_entries",
            "packet=pts_time,dts_time,size,flags",
            "-print_format",
            "compact=print_section=0",
            "-i",
            file.toAbsolutePath().toString());
    PacketLines lines = new PacketLines(each);
    ProcessResult result;
    try {
      result = runner.run(ProcessSpec.of(command, left.get()), lines, line -> {});
    } catch (IOException e) {
      return Optional.of(
          new ProbeResult.Failed(
              ErrorType.UNKNOWN, ToolMessages.shorten("cannot start ffprobe: " + e.getMessage())));
    }
    budget.spend(result.elapsed());
    if (result.timedOut()) {
      return Optional.of(timedOut(budget.total()));
    }
    if (result.exitCode() != 0) {
      return Optional.of(
          new ProbeResult.Failed(
              ErrorType.UNKNOWN,
              ToolMessages.lastMeaningfulLine(
                  result.stderr(), "ffprobe failed with exit code " + result.exitCode())));
    }
    return Optional.empty();
  }

  private static ProbeResult.Failed timedOut(Duration timeout) {
    return new ProbeResult.Failed(
        ErrorType.TIMEOUT, "ffprobe ran longer than " + ToolMessages.describe(timeout));
  }

  /**
   * Reads {@code pts_time=1.000000|dts_time=0.960000|size=8147|flags=K_} lines. A packet with side
   * data (e.g. the encoder delay of the first AAC packet) ends with an empty field and is followed
   * by an empty line.
   */
  static final class PacketLines implements Consumer<String> {
    private final Consumer<Packet> each;
    private double lastSeconds;

    PacketLines(Consumer<Packet> each) {
      this.each = each;
    }

    @Override
    public void accept(String line) {
      if (line.isBlank()) {
        return;
      }
      double pts = Double.NaN;
      double dts = Double.NaN;
      long size = -1;
      boolean keyframe = false;
      for (String field : line.split("\\|")) {
        int equals = field.indexOf('=');
        if (equals < 0) {
          continue;
        }
        String value = field.substring(equals + 1).strip();
        switch (field.substring(0, equals)) {
          case "pts_time" -> pts = seconds(value);
          case "dts_time" -> dts = seconds(value);
          case "size" -> size = whole(value);
          case "flags" -> keyframe = value.indexOf('K') >= 0;
          default -> {}
        }
      }
      if (size < 0) {
        return;
      }
      double at = !Double.isNaN(pts) ? pts : !Double.isNaN(dts) ? dts : lastSeconds;
      lastSeconds = at;
      each.accept(new Packet(at, size, keyframe));
    }

    private static double seconds(String value) {
      try {
        double seconds = Double.parseDouble(value);
        return Double.isFinite(seconds) ? seconds : Double.NaN;
      } catch (NumberFormatException e) {
        return Double.NaN;
      }
    }

    private static long whole(String value) {
      try {
        return Long.parseLong(value);
      } catch (NumberFormatException e) {
        return -1;
      }
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
