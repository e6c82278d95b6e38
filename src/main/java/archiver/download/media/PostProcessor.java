package archiver.download.media;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.download.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Turns a downloaded file into media Telegram plays inline (docs/ARCHITECTURE.md, "Ready to play"):
 * video as an MP4 with H.264 and AAC (or MP3) and {@code +faststart}, audio as M4A/AAC or MP3 with
 * title, artist and cover. What is already playable is copied, never encoded again.
 *
 * <p>All ffmpeg runs of one call share the post-processing timeout; ffprobe runs have their own
 * (the {@link Ffprobe}'s). A tool that runs too long is killed with its process tree by the {@link
 * ProcessRunner}, and partial output is removed.
 */
public final class PostProcessor {

  /** Telegram's players decode H.264 in 8-bit 4:2:0 only; High 10 or 4:4:4 must be re-encoded. */
  private static final List<String> COPYABLE_H264_PIXEL_FORMATS = List.of("yuv420p", "yuvj420p");

  /** Audio codecs an MP4 for {@code sendVideo} and a file for {@code sendAudio} may carry. */
  private static final List<String> PLAYABLE_AUDIO_CODECS = List.of("aac", "mp3");

  /**
   * Demuxers that read other files or URLs named inside the input. A downloaded file that is one of
   * these is a trick (e.g. an HLS playlist pointing at another user's archived file), not media.
   */
  private static final List<String> INDIRECT_FORMATS = List.of("hls", "concat", "dash", "tty");

  /** x264's default quality: visually good at a moderate size for phone screens. */
  private static final String X264_CRF = "23";

  /**
   * A short side up to 3% above the asked "p" number still belongs to it: some encoders store 1080p
   * as 1088 lines (whole 16-pixel macroblocks, not cropped) and sites cut odd sizes such as 362 for
   * 360p; encoding those down by a few lines would cost quality and time for nothing a phone shows.
   * 3% keeps 1088 (1080p, +0.7%) and 368 (360p, +2.2%), and still encodes a 1280x720 file asked as
   * 480p or a 640x480 one asked as 360p.
   */
  private static final double SHORT_SIDE_TOLERANCE = 1.03;

  private static final int VIDEO_AUDIO_KBPS = 128;

  /** The AAC bitrate for {@code audio_best} when the source has to be encoded anyway. */
  private static final int BEST_AUDIO_KBPS = 192;

  /** A source up to 10% above the asked audio bitrate is copied rather than encoded again. */
  private static final double AUDIO_BITRATE_TOLERANCE = 1.1;

  /** Covers are scaled to fit this square: players show them small, and the file stays lean. */
  private static final int COVER_MAX_SIDE = 1000;

  private final Ffmpeg ffmpeg;
  private final Ffprobe ffprobe;
  private final ThumbnailMaker thumbnails;
  private final Duration timeout;

  /**
   * @param timeout for all ffmpeg runs of one {@link #process} call together (configuration key
   *     {@code timeouts.postprocess_seconds})
   */
  public PostProcessor(ProcessRunner runner, MediaTools tools, Ffprobe ffprobe, Duration timeout) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(tools, "tools");
    this.ffmpeg = new Ffmpeg(runner, tools);
    this.ffprobe = Objects.requireNonNull(ffprobe, "ffprobe");
    this.thumbnails = ThumbnailMaker.forTelegram(ffmpeg);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /**
   * Post-processes one downloaded file into {@code request.outputDir()}.
   *
   * @throws InterruptedException when the calling thread is interrupted (the running tool is killed
   *     and partial output removed first)
   */
  public PostProcessResult process(PostProcessRequest request) throws InterruptedException {
    try {
      Files.createDirectories(request.outputDir());
    } catch (IOException e) {
      return failed(ErrorType.UNKNOWN, "cannot create output directory: " + e.getMessage());
    }
    MediaInfo input;
    switch (ffprobe.probe(request.input())) {
      case ProbeResult.Failed failed -> {
        return failed(failed.errorType(), "input unreadable: " + failed.message());
      }
      case ProbeResult.Probed probed -> input = probed.info();
    }
    for (String format : input.formatNames()) {
      if (INDIRECT_FORMATS.contains(format)) {
        return failed(ErrorType.FORMAT_NOT_FOUND, "input is a " + format + " list, not media");
      }
    }
    TimeBudget budget = new TimeBudget(timeout);
    return request.quality().jobType() == JobType.VIDEO
        ? video(request, input, budget)
        : audio(request, input, budget);
  }

  private PostProcessResult video(PostProcessRequest request, MediaInfo input, TimeBudget budget)
      throws InterruptedException {
    Optional<StreamInfo> videoStream = input.firstVideo();
    if (videoStream.isEmpty()) {
      return failed(ErrorType.FORMAT_NOT_FOUND, "input has no video stream");
    }
    StreamInfo video = videoStream.get();
    Optional<StreamInfo> audio = input.firstAudio();
    // Playable H.264 within the asked quality is copied: encoding it again would cost quality and
    // time. Where a format selector chose (YouTube) it always is; a direct file, one format with
    // nothing to choose from, honours a lower quality by being encoded down (issue 12, item 2).
    boolean copyVideo =
        video.codecName().equals("h264")
            && (video.pixelFormat().isEmpty()
                || COPYABLE_H264_PIXEL_FORMATS.contains(video.pixelFormat()))
            && withinQuality(video, request.quality());
    boolean copyAudio = audio.isEmpty() || PLAYABLE_AUDIO_CODECS.contains(audio.get().codecName());

    List<String> args = new ArrayList<>(Ffmpeg.input(request.input()));
    args.addAll(List.of("-map", "0:" + video.index()));
    audio.ifPresent(a -> args.addAll(List.of("-map", "0:" + a.index())));
    if (copyVideo) {
      args.addAll(List.of("-c:v", "copy"));
    } else {
      args.addAll(
          List.of(
              "-c:v",
              "libx264",
              "-preset",
              "veryfast",
              "-crf",
              X264_CRF,
              // Phones play 8-bit 4:2:0 only, and x264 needs even dimensions for it.
              "-pix_fmt",
              "yuv420p",
              "-vf",
              scaleShortSideTo(request.quality().limit())));
    }
    if (audio.isPresent()) {
      if (copyAudio) {
        args.addAll(List.of("-c:a", "copy"));
      } else {
        args.addAll(List.of("-c:a", "aac", "-b:a", VIDEO_AUDIO_KBPS + "k"));
      }
    }
    request.title().ifPresent(t -> args.addAll(List.of("-metadata", "title=" + t)));
    args.addAll(
        List.of(
            // Sparse or late streams (e.g. audio starting after video) can overflow ffmpeg's small
            // default queue: https://trac.ffmpeg.org/ticket/6375
            "-max_muxing_queue_size",
            "4096",
            // The index (moov) goes before the media so that Telegram can stream the video.
            "-movflags",
            "+faststart",
            "-f",
            "mp4"));
    Path output = request.outputDir().resolve(request.baseName() + ".mp4");
    Optional<PostProcessResult.Failed> failure = runToFile(args, output, budget);
    if (failure.isPresent()) {
      return failure.get();
    }

    Path thumbnailTarget = thumbnailPath(request);
    Optional<Path> thumbnail = Optional.empty();
    if (request.thumbnailImage().isPresent()) {
      thumbnail = thumbnails.fromImage(request.thumbnailImage().get(), thumbnailTarget, budget);
    }
    if (thumbnail.isEmpty()) {
      thumbnail = thumbnails.fromVideo(output, input.durationSeconds(), thumbnailTarget, budget);
    }
    return processed(output, thumbnail, !copyVideo || !copyAudio);
  }

  private PostProcessResult audio(PostProcessRequest request, MediaInfo input, TimeBudget budget)
      throws InterruptedException {
    Optional<StreamInfo> audioStream = input.firstAudio();
    if (audioStream.isEmpty()) {
      return failed(ErrorType.FORMAT_NOT_FOUND, "input has no audio stream");
    }
    StreamInfo audio = audioStream.get();
    Quality quality = request.quality();
    boolean best = quality.limit() == Integer.MAX_VALUE;
    boolean withinBitrate =
        best
            || audio.bitRate() == 0
            || audio.bitRate() <= quality.limit() * 1000L * AUDIO_BITRATE_TOLERANCE;
    boolean copy = withinBitrate && PLAYABLE_AUDIO_CODECS.contains(audio.codecName());
    boolean mp3 = copy && audio.codecName().equals("mp3");

    // The thumbnail comes first: when it cannot be made the picture does not decode, and using
    // it as the cover would fail the whole job for a nicety.
    Optional<Path> thumbnail = Optional.empty();
    Optional<Path> coverImage = Optional.empty();
    if (request.thumbnailImage().isPresent()) {
      thumbnail =
          thumbnails.fromImage(request.thumbnailImage().get(), thumbnailPath(request), budget);
      coverImage = thumbnail.map(t -> request.thumbnailImage().get());
    } else if (input.firstVideo().isPresent()) {
      // Audio from a video without a site picture: a frame of the video is a better cover than
      // none, and players show it as such.
      thumbnail =
          thumbnails.fromVideo(
              request.input(), input.durationSeconds(), thumbnailPath(request), budget);
      coverImage = thumbnail;
    }

    List<String> args = new ArrayList<>(Ffmpeg.input(request.input()));
    if (coverImage.isPresent()) {
      args.addAll(Ffmpeg.input(coverImage.get()));
    }
    args.addAll(List.of("-map", "0:" + audio.index()));
    if (copy) {
      args.addAll(List.of("-c:a", "copy"));
    } else {
      int kbps = best ? BEST_AUDIO_KBPS : Math.min(quality.limit(), BEST_AUDIO_KBPS);
      args.addAll(List.of("-c:a", "aac", "-b:a", kbps + "k"));
    }
    // Cover art is a one-picture video stream marked attached_pic: ID3v2 APIC in MP3, "covr" in
    // M4A (ffmpeg's mp4/ipod muxer writes it since 4.3; only JPEG, PNG and BMP are allowed there).
    Optional<StreamInfo> existingCover = input.coverArt();
    if (thumbnail.isPresent()) {
      args.addAll(List.of("-map", "1:v:0", "-c:v", "mjpeg", "-q:v", "3", "-vf", coverScale()));
      args.addAll(List.of("-disposition:v:0", "attached_pic"));
    } else if (existingCover.isPresent()
        && List.of("mjpeg", "png").contains(existingCover.get().codecName())) {
      args.addAll(List.of("-map", "0:" + existingCover.get().index(), "-c:v", "copy"));
      args.addAll(List.of("-disposition:v:0", "attached_pic"));
    }
    request.title().ifPresent(t -> args.addAll(List.of("-metadata", "title=" + t)));
    request.artist().ifPresent(a -> args.addAll(List.of("-metadata", "artist=" + a)));
    Path output;
    if (mp3) {
      // ffmpeg writes ID3v2.4 by default; many players (Windows among them) read only v2.3.
      args.addAll(List.of("-id3v2_version", "3", "-f", "mp3"));
      output = request.outputDir().resolve(request.baseName() + ".mp3");
    } else {
      // The ipod muxer is ffmpeg's M4A flavour of MP4 (brand "M4A ").
      args.addAll(List.of("-movflags", "+faststart", "-f", "ipod"));
      output = request.outputDir().resolve(request.baseName() + ".m4a");
    }
    Optional<PostProcessResult.Failed> failure = runToFile(args, output, budget);
    if (failure.isPresent()) {
      thumbnail.ifPresent(MediaFiles::deleteQuietly);
      return failure.get();
    }
    return processed(output, thumbnail, !copy);
  }

  /** Runs ffmpeg into {@code output}; see {@link Ffmpeg#runToFile}. */
  private Optional<PostProcessResult.Failed> runToFile(
      List<String> args, Path output, TimeBudget budget) throws InterruptedException {
    return ffmpeg
        .runToFile(args, output, budget)
        .map(failure -> failed(failure.errorType(), failure.message()));
  }

  private PostProcessResult processed(Path media, Optional<Path> thumbnail, boolean reencoded)
      throws InterruptedException {
    return switch (ffprobe.probe(media)) {
      case ProbeResult.Failed failed ->
          failed(failed.errorType(), "output unreadable: " + failed.message());
      case ProbeResult.Probed probed ->
          new PostProcessResult.Processed(media, thumbnail, probed.info(), reencoded);
    };
  }

  /**
   * Whether the picture is no larger than the quality's "p" number (for the qualities below the
   * default; at or above it, any size counts as within), measured on its short side as YouTube
   * labels it (and as {@code YtDlpFormat.resolution} does), so that a portrait 1080x1920 phone
   * video is 1080p and a 90-degree rotation does not matter. An unknown size (0) is taken as
   * within: there is nothing to compare, and encoding blind would only cost time.
   */
  static boolean withinQuality(StreamInfo video, Quality quality) {
    if (quality.limit() >= Quality.defaultFor(JobType.VIDEO).limit()) {
      // 720p is also what everyone gets who did not choose: encoding every direct 1080p lecture
      // down to it would turn a copy of seconds into an encode that, for an hour's video on a
      // small server, runs past timeouts.postprocess_seconds. Below it the user chose small.
      return true;
    }
    int shortSide = Math.min(video.width(), video.height());
    return shortSide <= quality.limit() * SHORT_SIDE_TOLERANCE;
  }

  /**
   * Scales down so that the short side is at most {@code maxShortSide}, never up, keeping the
   * aspect ratio; both sides even, which x264 needs for 4:2:0. The short side is chosen inside
   * ffmpeg's expression, not from ffprobe's numbers, because ffmpeg rotates a phone video by its
   * display matrix before the filter sees it ({@code -2}: the other side follows the aspect ratio,
   * rounded to an even number).
   */
  static String scaleShortSideTo(int maxShortSide) {
    String width = evenAtMost("iw", maxShortSide);
    String height = evenAtMost("ih", maxShortSide);
    return "scale=w='if(gte(iw,ih),-2," + width + ")':h='if(gte(iw,ih)," + height + ",-2)'";
  }

  private static String evenAtMost(String side, int max) {
    String bounded = max == Integer.MAX_VALUE ? side : "min(" + max + "," + side + ")";
    return "trunc(" + bounded + "/2)*2";
  }

  private static String coverScale() {
    return ThumbnailMaker.fitWithin(COVER_MAX_SIDE);
  }

  private static Path thumbnailPath(PostProcessRequest request) {
    // Not <baseName>.jpg: that is where yt-dlp may have put the site's picture, still to be read.
    return request.outputDir().resolve(request.baseName() + ".thumb.jpg");
  }

  private static PostProcessResult.Failed failed(ErrorType type, String message) {
    return new PostProcessResult.Failed(type, ToolMessages.shorten(message));
  }
}
