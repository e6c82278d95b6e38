package archiver.core;

import archiver.domain.JobType;
import archiver.download.media.MediaInfo;
import java.nio.file.Path;
import java.util.Optional;

/**
 * A validated file that Telegram plays inline, with what {@code sendVideo}/{@code sendAudio} need.
 */
public record ReadyMedia(
    Path file,
    Optional<Path> thumbnail,
    JobType jobType,
    String title,
    Optional<String> performer,
    Optional<String> mediaId,
    MediaInfo info,
    long sizeBytes,
    boolean reencoded,
    boolean faststart) {}
