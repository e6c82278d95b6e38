package archiver.download.media;

import archiver.download.process.ProcessResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the JPEG thumbnail Telegram shows before a video or audio is played. The Bot API takes it
 * only as "JPEG, less than 200 kB, width and height not exceeding 320"
 * (https://core.telegram.org/bots/api#sendvideo, parameter {@code thumbnail}). A thumbnail is a
 * nicety: when it cannot be made the media is still sent, so failures here yield empty.
 */
final class ThumbnailMaker {

  static final int TELEGRAM_MAX_SIDE = 320;
  static final long TELEGRAM_MAX_BYTES = 200 * 1000;

  /** ffmpeg's JPEG quality scale, best first (2 is near lossless, 31 the smallest). */
  private static final List<Integer> JPEG_QUALITIES = List.of(3, 6, 10, 16, 24, 31);

  private static final Logger log = LoggerFactory.getLogger(ThumbnailMaker.class);

  private final Ffmpeg ffmpeg;
  private final int maxSide;
  private final long maxBytes;

  ThumbnailMaker(Ffmpeg ffmpeg, int maxSide, long maxBytes) {
    this.ffmpeg = ffmpeg;
    this.maxSide = maxSide;
    this.maxBytes = maxBytes;
  }

  /** A thumbnail within Telegram's limits. */
  static ThumbnailMaker forTelegram(Ffmpeg ffmpeg) {
    return new ThumbnailMaker(ffmpeg, TELEGRAM_MAX_SIDE, TELEGRAM_MAX_BYTES);
  }

  /**
   * A thumbnail from a picture (a JPEG, WebP or PNG as sites and yt-dlp deliver them), or from the
   * cover of an audio file: its first video stream is that picture.
   */
  Optional<Path> fromImage(Path image, Path target, TimeBudget budget) throws InterruptedException {
    return encode(Ffmpeg.input(image), target, budget);
  }

  /**
   * A thumbnail from a frame about one second in, where fades from black are usually over; the
   * first frame for shorter clips or when the seek finds nothing.
   */
  Optional<Path> fromVideo(Path video, double durationSeconds, Path target, TimeBudget budget)
      throws InterruptedException {
    if (durationSeconds > 1.5) {
      List<String> seeked = new ArrayList<>(List.of("-ss", "1"));
      seeked.addAll(Ffmpeg.input(video));
      Optional<Path> made = encode(seeked, target, budget);
      if (made.isPresent()) {
        return made;
      }
    }
    return encode(Ffmpeg.input(video), target, budget);
  }

  /** Encodes one frame, lowering the JPEG quality until the file is small enough. */
  private Optional<Path> encode(List<String> input, Path target, TimeBudget budget)
      throws InterruptedException {
    Path part = target.resolveSibling(target.getFileName() + ".part");
    try {
      for (int quality : JPEG_QUALITIES) {
        Optional<Duration> left = budget.remaining();
        if (left.isEmpty()) {
          log.warn("No time left for a thumbnail: {}", target.getFileName());
          return Optional.empty();
        }
        List<String> args = new ArrayList<>(input);
        args.addAll(
            List.of(
                "-map",
                "0:v:0",
                "-frames:v",
                "1",
                "-vf",
                fitWithin(maxSide),
                "-q:v",
                Integer.toString(quality),
                "-f",
                "image2",
                "-update",
                "1",
                part.toString()));
        ProcessResult result = ffmpeg.run(args, left.get());
        budget.spend(result.elapsed());
        if (!result.succeeded() || !Files.isRegularFile(part) || Files.size(part) == 0) {
          log.warn(
              "No thumbnail for {}: {}",
              target.getFileName(),
              result.timedOut()
                  ? "ffmpeg timed out"
                  : ToolMessages.lastMeaningfulLine(result.stderr(), "ffmpeg wrote no picture"));
          return Optional.empty();
        }
        if (Files.size(part) <= maxBytes) {
          Files.move(part, target, StandardCopyOption.REPLACE_EXISTING);
          return Optional.of(target);
        }
      }
      log.warn("No thumbnail for {}: over {} bytes at the lowest quality", target, maxBytes);
      return Optional.empty();
    } catch (IOException e) {
      log.warn("No thumbnail for {}: {}", target.getFileName(), e.toString());
      return Optional.empty();
    } finally {
      MediaFiles.deleteQuietly(part);
    }
  }

  /**
   * Scales down to fit a square of {@code side} pixels, keeping the aspect ratio and never scaling
   * up (the box is never larger than the picture itself).
   */
  static String fitWithin(int side) {
    return "scale=w='min("
        + side
        + ",iw)':h='min("
        + side
        + ",ih)'"
        + ":force_original_aspect_ratio=decrease";
  }
}
