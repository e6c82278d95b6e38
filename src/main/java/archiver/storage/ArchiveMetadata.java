package archiver.storage;

import java.util.Optional;

/**
 * What the archive name of a finished job is made of. Blank or null parts fall back: the title to
 * the job's final title, then to the media id; the media id to the job's; no extension means none.
 *
 * @param title the media's title as the source gave it, unsanitized
 * @param mediaId the source's id of the media (YouTube video id, Archive.org identifier, ...)
 * @param ext the produced file's extension without the dot, e.g. {@code mp4} or {@code m4a}
 * @param series the playlist the job is an item of, when a batch made it
 */
public record ArchiveMetadata(String title, String mediaId, String ext, Optional<Series> series) {

  /**
   * The item {@code position} of {@code total} of the playlist titled {@code title}: its files go
   * in a folder of the playlist's, numbered in playlist order.
   */
  public record Series(String title, int position, int total) {}

  public ArchiveMetadata {
    title = title == null ? "" : title;
    mediaId = mediaId == null ? "" : mediaId;
    ext = ext == null ? "" : ext;
    series = series == null ? Optional.empty() : series;
  }

  public ArchiveMetadata(String title, String mediaId, String ext) {
    this(title, mediaId, ext, Optional.empty());
  }
}
