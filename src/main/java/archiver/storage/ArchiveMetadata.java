package archiver.storage;

/**
 * What the archive name of a finished job is made of. Blank or null parts fall back: the title to
 * the job's final title, then to the media id; the media id to the job's; no extension means none.
 *
 * @param title the media's title as the source gave it, unsanitized
 * @param mediaId the source's id of the media (YouTube video id, Archive.org identifier, ...)
 * @param ext the produced file's extension without the dot, e.g. {@code mp4} or {@code m4a}
 */
public record ArchiveMetadata(String title, String mediaId, String ext) {

  public ArchiveMetadata {
    title = title == null ? "" : title;
    mediaId = mediaId == null ? "" : mediaId;
    ext = ext == null ? "" : ext;
  }
}
