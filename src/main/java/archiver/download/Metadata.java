package archiver.download;

import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalLong;

/**
 * What a link holds, read before downloading.
 *
 * @param mediaId the site's id of the media (YouTube video id, Archive.org identifier), if any
 * @param sizeBytes the size of a single direct file when the server said it
 * @param qualities the qualities this media can be had in, best first (for the bot's keyboard)
 * @param sourceData what the downloader itself needs again for {@link Downloader#check} and {@link
 *     Downloader#download} (yt-dlp's info JSON, the resolved file URL, ...)
 */
public record Metadata(
    String title,
    Optional<String> performer,
    OptionalDouble durationSeconds,
    Optional<String> thumbnailUrl,
    Optional<String> mediaId,
    OptionalLong sizeBytes,
    List<String> qualities,
    SourceData sourceData) {

  public Metadata {
    title = title == null || title.isBlank() ? "media" : title.strip();
    Objects.requireNonNull(performer, "performer");
    Objects.requireNonNull(durationSeconds, "durationSeconds");
    Objects.requireNonNull(thumbnailUrl, "thumbnailUrl");
    Objects.requireNonNull(mediaId, "mediaId");
    Objects.requireNonNull(sizeBytes, "sizeBytes");
    qualities = qualities == null ? List.of() : List.copyOf(qualities);
    Objects.requireNonNull(sourceData, "sourceData");
  }

  /** A downloader's own data, carried between its stages. */
  public interface SourceData {}
}
