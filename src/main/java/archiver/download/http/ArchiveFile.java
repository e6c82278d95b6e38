package archiver.download.http;

import archiver.download.http.MediaTypes.Kind;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Locale;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One entry of an Archive.org item's {@code files[]}. Archive.org makes derivatives of each upload
 * ("VBR MP3" and "Ogg Vorbis" of a FLAC, "h.264" and "512Kb MPEG4" of an AVI); a derivative names
 * its upload in {@code original}, so the files of one track or film share a {@link #group()}.
 *
 * @param name the path inside the item, e.g. "Disc 1/01 Intro.mp3"
 * @param format Archive.org's format name, e.g. "VBR MP3", "h.264", "512Kb MPEG4", "Item Tile"
 * @param original true for an upload, false for a derivative
 * @param originalName the upload a derivative was made from
 * @param height the picture height, when Archive.org measured it
 * @param restricted {@code "private": "true"}: lending-library and other access-controlled files
 */
record ArchiveFile(
    String name,
    String format,
    OptionalLong sizeBytes,
    OptionalDouble lengthSeconds,
    boolean original,
    Optional<String> originalName,
    OptionalInt height,
    boolean restricted,
    Optional<String> title) {

  private static final Pattern KBPS =
      Pattern.compile("(\\d{2,4})\\s*kbps", Pattern.CASE_INSENSITIVE);
  private static final Pattern HEIGHT_IN_FORMAT =
      Pattern.compile("(\\d{3,4})p\\b", Pattern.CASE_INSENSITIVE);

  /** An unknown bitrate is ranked as this: Archive.org's VBR MP3 derivatives average about it. */
  static final int ASSUMED_KBPS = 128;

  static Optional<ArchiveFile> parse(JsonNode f) {
    String name = f.path("name").asText("");
    if (name.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new ArchiveFile(
            name,
            f.path("format").asText(""),
            longOf(f.path("size")),
            lengthOf(f.path("length").asText("")),
            !"derivative".equals(f.path("source").asText("")),
            ArchiveItem.text(f.path("original")),
            intOf(f.path("height")),
            "true".equalsIgnoreCase(f.path("private").asText("")),
            ArchiveItem.text(f.path("title"))));
  }

  String extension() {
    return RemoteNames.extensionOf(baseName());
  }

  /** The last path element of the name. */
  String baseName() {
    return name.substring(name.lastIndexOf('/') + 1);
  }

  /** The upload this file belongs to. */
  String group() {
    return original ? name : originalName.orElse(name);
  }

  String lowerFormat() {
    return format.toLowerCase(Locale.ROOT);
  }

  /** Audio or video by Archive.org's format name, else by extension; empty for pictures, text... */
  Optional<Kind> kind() {
    String f = lowerFormat();
    if (f.contains("mp3")
        || f.contains("vorbis")
        || f.contains("flac")
        || f.contains("wave")
        || f.contains("aiff")
        || f.contains("aac")
        || f.contains("m4a")
        || f.contains("opus")
        || f.contains("lossless audio")
        || f.contains("windows media audio")) {
      return Optional.of(Kind.AUDIO);
    }
    if (f.contains("mpeg4")
        || f.contains("h.264")
        || f.contains("ogg video")
        || f.contains("webm")
        || f.contains("matroska")
        || f.contains("quicktime")
        || f.contains("mpeg2")
        || f.contains("cinepack")
        || f.contains("windows media")
        || f.contains("avi")
        || f.contains("divx")
        || f.contains("flash video")) {
      return Optional.of(Kind.VIDEO);
    }
    if (f.contains("thumb")
        || f.contains("tile")
        || f.contains("spectrogram")
        || f.contains("peaks")) {
      return Optional.empty();
    }
    return MediaTypes.kindOfExtension(extension());
  }

  /** Kilobits per second: from the format ("64Kbps MP3"), else size and length. */
  OptionalInt kbps() {
    Matcher m = KBPS.matcher(format);
    if (m.find()) {
      return OptionalInt.of(Integer.parseInt(m.group(1)));
    }
    if (sizeBytes.isPresent() && lengthSeconds.isPresent() && lengthSeconds.getAsDouble() > 0) {
      return OptionalInt.of(
          (int) Math.round(sizeBytes.getAsLong() * 8 / lengthSeconds.getAsDouble() / 1000));
    }
    return OptionalInt.empty();
  }

  /** Picture height: measured, else from the format ("h.264 720P"); "512Kb MPEG4" is 240p. */
  OptionalInt videoHeight() {
    if (height.isPresent()) {
      return height;
    }
    Matcher m = HEIGHT_IN_FORMAT.matcher(format);
    if (m.find()) {
      return OptionalInt.of(Integer.parseInt(m.group(1)));
    }
    if (lowerFormat().startsWith("512kb")) {
      return OptionalInt.of(240);
    }
    return OptionalInt.empty();
  }

  private static OptionalLong longOf(JsonNode node) {
    String s = node.asText("").strip();
    if (s.isEmpty() || s.length() > 18 || !s.chars().allMatch(Character::isDigit)) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(s));
  }

  private static OptionalInt intOf(JsonNode node) {
    String s = node.asText("").strip();
    if (s.isEmpty() || s.length() > 6 || !s.chars().allMatch(Character::isDigit)) {
      return OptionalInt.empty();
    }
    int v = Integer.parseInt(s);
    return v > 0 ? OptionalInt.of(v) : OptionalInt.empty();
  }

  /** "1234.56" seconds, or "mm:ss" / "hh:mm:ss" as older items write it. */
  static OptionalDouble lengthOf(String text) {
    String s = text.strip();
    if (s.isEmpty()) {
      return OptionalDouble.empty();
    }
    try {
      double total = 0;
      for (String part : s.split(":", -1)) {
        total = total * 60 + Double.parseDouble(part);
      }
      return Double.isFinite(total) && total > 0
          ? OptionalDouble.of(total)
          : OptionalDouble.empty();
    } catch (NumberFormatException e) {
      return OptionalDouble.empty();
    }
  }
}
