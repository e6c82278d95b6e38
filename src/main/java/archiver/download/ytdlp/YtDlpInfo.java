package archiver.download.ytdlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * What yt-dlp's {@code -J} says about one video. {@link #rawJson()} keeps the text as yt-dlp
 * printed it, because {@code --load-info-json} needs the whole document (http_headers,
 * downloader_options, fragments...) to download the very formats that were inspected without
 * extracting again.
 */
public record YtDlpInfo(
    String id,
    String title,
    Optional<String> uploader,
    Optional<String> channel,
    OptionalDouble durationSeconds,
    Optional<String> thumbnail,
    Optional<String> webpageUrl,
    String extractor,
    List<YtDlpFormat> formats,
    String rawJson) {

  // Read with the tree model rather than data binding: yt-dlp's fields change type between
  // extractors and versions (filesize_approx and height as floats, "none" or null codecs, fields
  // missing), and unknown fields must simply be ignored.
  private static final ObjectMapper JSON = new ObjectMapper();

  public YtDlpInfo {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(extractor, "extractor");
    formats = List.copyOf(formats);
    Objects.requireNonNull(rawJson, "rawJson");
  }

  /** The format with this id, as listed by yt-dlp. */
  public Optional<YtDlpFormat> format(String formatId) {
    for (YtDlpFormat f : formats) {
      if (f.formatId().equals(formatId)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** Without the raw JSON, which is long and not for logs. */
  @Override
  public String toString() {
    return "YtDlpInfo[id=%s, extractor=%s, title=%s, formats=%d]"
        .formatted(id, extractor, title, formats.size());
  }

  /** The performer for audio tags: uploader, else channel. */
  public Optional<String> performer() {
    return uploader.isPresent() ? uploader : channel;
  }

  /**
   * Parses the output of {@code yt-dlp -J}.
   *
   * @throws IllegalArgumentException when the text is not a JSON object of a single video
   */
  public static YtDlpInfo parse(String json) {
    JsonNode root;
    try {
      root = JSON.readTree(json);
    } catch (JsonProcessingException e) {
      throw new IllegalArgumentException("yt-dlp printed no valid JSON: " + e.getOriginalMessage());
    }
    if (root == null || !root.isObject()) {
      throw new IllegalArgumentException("yt-dlp printed no JSON object");
    }
    List<YtDlpFormat> formats = new ArrayList<>();
    JsonNode list = root.path("formats");
    if (list.isArray()) {
      for (JsonNode f : list) {
        if (f.isObject()) {
          formats.add(format(f));
        }
      }
    } else if (root.hasNonNull("url")) {
      // Old-style single-format results carry the format fields at the top level.
      formats.add(format(root));
    }
    String id = text(root, "id").orElse("");
    return new YtDlpInfo(
        id,
        text(root, "title").orElse(id),
        text(root, "uploader"),
        text(root, "channel"),
        positiveDouble(root, "duration"),
        text(root, "thumbnail"),
        text(root, "webpage_url"),
        text(root, "extractor").orElse(""),
        formats,
        json);
  }

  private static YtDlpFormat format(JsonNode f) {
    Optional<String> vcodecRaw = text(f, "vcodec");
    Optional<String> acodecRaw = text(f, "acodec");
    return new YtDlpFormat(
        text(f, "format_id").orElse(""),
        text(f, "ext").orElse(""),
        vcodecRaw.filter(c -> !c.equals("none")),
        acodecRaw.filter(c -> !c.equals("none")),
        !vcodecRaw.equals(Optional.of("none")),
        !acodecRaw.equals(Optional.of("none")),
        positiveInt(f, "width"),
        positiveInt(f, "height"),
        positiveDouble(f, "fps"),
        positiveDouble(f, "tbr"),
        positiveDouble(f, "vbr"),
        positiveDouble(f, "abr"),
        positiveLong(f, "filesize"),
        positiveLong(f, "filesize_approx"),
        text(f, "protocol").orElse(""),
        text(f, "url").orElse(""));
  }

  private static Optional<String> text(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull() || v.isContainerNode()) {
      return Optional.empty();
    }
    String s = v.asText().strip();
    return s.isEmpty() ? Optional.empty() : Optional.of(s);
  }

  /** A positive number, whether yt-dlp wrote it as an integer, a float or a numeric string. */
  private static OptionalDouble positiveDouble(JsonNode node, String field) {
    JsonNode v = node.get(field);
    if (v == null || v.isNull()) {
      return OptionalDouble.empty();
    }
    double d;
    if (v.isNumber()) {
      d = v.asDouble();
    } else if (v.isTextual()) {
      try {
        d = Double.parseDouble(v.asText().strip());
      } catch (NumberFormatException e) {
        return OptionalDouble.empty();
      }
    } else {
      return OptionalDouble.empty();
    }
    return Double.isFinite(d) && d > 0 ? OptionalDouble.of(d) : OptionalDouble.empty();
  }

  private static OptionalLong positiveLong(JsonNode node, String field) {
    OptionalDouble d = positiveDouble(node, field);
    return d.isPresent() ? OptionalLong.of(Math.round(d.getAsDouble())) : OptionalLong.empty();
  }

  private static OptionalInt positiveInt(JsonNode node, String field) {
    OptionalDouble d = positiveDouble(node, field);
    if (d.isEmpty() || d.getAsDouble() > Integer.MAX_VALUE) {
      return OptionalInt.empty();
    }
    return OptionalInt.of((int) Math.round(d.getAsDouble()));
  }
}
