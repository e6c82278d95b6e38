package archiver.download.http;

import archiver.download.Metadata;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * An Archive.org item as its metadata API describes it ({@code https://archive.org/metadata/<id>},
 * https://archive.org/developers/md-read.html). The API is loose with types: {@code title} and
 * {@code creator} may be a string or an array, sizes and lengths are strings, and an unknown
 * identifier answers 200 with {@code {}}.
 */
record ArchiveItem(
    String identifier,
    Optional<String> title,
    Optional<String> creator,
    boolean dark,
    List<ArchiveFile> files) {

  ArchiveItem {
    files = List.copyOf(files);
  }

  /** The item's data, carried from metadata to download: the item and the file the link named. */
  record Source(ArchiveItem item, Optional<String> namedFile) implements Metadata.SourceData {}

  /** Empty when the document describes no item (unknown identifier: {@code {}}). */
  static Optional<ArchiveItem> parse(String identifier, JsonNode root) {
    JsonNode metadata = root.path("metadata");
    if (!metadata.isObject() && !root.path("files").isArray()) {
      return Optional.empty();
    }
    List<ArchiveFile> files = new ArrayList<>();
    for (JsonNode f : root.path("files")) {
      ArchiveFile.parse(f).ifPresent(files::add);
    }
    boolean dark = root.path("is_dark").asBoolean(false);
    return Optional.of(
        new ArchiveItem(
            identifier, text(metadata.path("title")), text(metadata.path("creator")), dark, files));
  }

  Optional<ArchiveFile> file(String name) {
    for (ArchiveFile f : files) {
      if (f.name().equals(name)) {
        return Optional.of(f);
      }
    }
    return Optional.empty();
  }

  /** A string, or the strings of an array joined with ", "; empty when blank or absent. */
  static Optional<String> text(JsonNode node) {
    String value;
    if (node.isArray()) {
      List<String> parts = new ArrayList<>();
      for (JsonNode n : node) {
        if (n.isValueNode() && !n.asText().isBlank()) {
          parts.add(n.asText().strip());
        }
      }
      value = String.join(", ", parts);
    } else if (node.isValueNode() && !node.isNull()) {
      value = node.asText().strip();
    } else {
      value = "";
    }
    return value.isEmpty() ? Optional.empty() : Optional.of(value);
  }
}
