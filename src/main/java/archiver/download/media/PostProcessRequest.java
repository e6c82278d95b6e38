package archiver.download.media;

import archiver.domain.Quality;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * What to post-process and where to put it.
 *
 * @param input the downloaded file
 * @param quality what the user asked for; its job type says video or audio, its limit the maximum
 *     height or audio bitrate
 * @param outputDir where the results go (created when missing)
 * @param baseName the output file name without extension, already made safe by the caller ({@code
 *     FileNames.sanitize}); the extension follows what is produced ({@code .mp4}, {@code .m4a},
 *     {@code .mp3}; the thumbnail is {@code <baseName>.thumb.jpg})
 * @param thumbnailImage a picture for the thumbnail and the audio cover (e.g. the one the site
 *     offers); a video without one gets a frame from itself
 * @param title tagged into the output, shown by music players and Telegram's audio player
 * @param artist tagged into the output as the performer
 */
public record PostProcessRequest(
    Path input,
    Quality quality,
    Path outputDir,
    String baseName,
    Optional<Path> thumbnailImage,
    Optional<String> title,
    Optional<String> artist) {

  public PostProcessRequest {
    Objects.requireNonNull(input, "input");
    Objects.requireNonNull(quality, "quality");
    Objects.requireNonNull(outputDir, "outputDir");
    Objects.requireNonNull(baseName, "baseName");
    Objects.requireNonNull(thumbnailImage, "thumbnailImage");
    Objects.requireNonNull(title, "title");
    Objects.requireNonNull(artist, "artist");
    MediaFiles.requirePlainName(baseName);
  }

  /** A request without thumbnail picture or tags. */
  public static PostProcessRequest of(
      Path input, Quality quality, Path outputDir, String baseName) {
    return new PostProcessRequest(
        input, quality, outputDir, baseName, Optional.empty(), Optional.empty(), Optional.empty());
  }

  public PostProcessRequest withThumbnailImage(Path image) {
    return new PostProcessRequest(
        input, quality, outputDir, baseName, Optional.of(image), title, artist);
  }

  public PostProcessRequest withTags(String title, String artist) {
    return new PostProcessRequest(
        input,
        quality,
        outputDir,
        baseName,
        thumbnailImage,
        Optional.ofNullable(title).filter(t -> !t.isBlank()),
        Optional.ofNullable(artist).filter(a -> !a.isBlank()));
  }
}
