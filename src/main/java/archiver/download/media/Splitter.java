package archiver.download.media;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.download.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Cuts a file that Telegram plays but that is over the upload limit (50 MB for the cloud Bot API,
 * https://core.telegram.org/bots/api#sending-files) into parts that each fit and each play inline.
 * Nothing is encoded: the parts are cut at keyframes and their streams copied, so splitting costs
 * about what copying the file costs.
 *
 * <p>How: ffprobe lists the main stream's packets (video, or audio for an audio file) with their
 * sizes; {@link CutPlanner} picks keyframes so that each part's estimated size is within {@value
 * #TARGET_SHARE} of the limit; ffmpeg's segment muxer writes all parts in one pass; each part is
 * measured, and when one came out over the limit after all, the whole file is planned again with a
 * smaller target (at most {@value #MAX_ROUNDS} times). All tool runs of one call share the timeout.
 */
public final class Splitter {

  /**
   * Parts are planned to at most this share of the limit. The estimate counts the main stream's
   * bytes exactly and spreads the rest (audio, the container's index) evenly over time; what it
   * misses is each part's own headers (a few KB) and audio that is not constant in bitrate. On the
   * test media it was within 0.1 % of the parts' real sizes; 5 % leaves room for worse files, and a
   * part that is over anyway is caught by measuring it.
   */
  static final double TARGET_SHARE = 0.95;

  /** Planning, cutting and measuring once more after a part came out over the limit. */
  static final int MAX_ROUNDS = 3;

  /** The parts' durations must add up to the whole file's within this. */
  static final double DURATION_TOLERANCE_SECONDS = 1.5;

  /** Every audio packet is a keyframe; one cut point a second is plenty to choose from. */
  private static final double AUDIO_CUT_SPACING_SECONDS = 1.0;

  private static final Logger log = LoggerFactory.getLogger(Splitter.class);

  private final Ffmpeg ffmpeg;
  private final Ffprobe ffprobe;
  private final OutputValidator validator;
  private final ThumbnailMaker thumbnails;
  private final Duration timeout;

  /**
   * @param timeout for all ffmpeg runs and the packet listing of one {@link #split} call together
   */
  public Splitter(ProcessRunner runner, MediaTools tools, Ffprobe ffprobe, Duration timeout) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(tools, "tools");
    this.ffmpeg = new Ffmpeg(runner, tools);
    this.ffprobe = Objects.requireNonNull(ffprobe, "ffprobe");
    this.validator = new OutputValidator(ffprobe);
    this.thumbnails = ThumbnailMaker.forTelegram(ffmpeg);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /**
   * Splits one file into {@code request.outputDir()}. A file that fits already comes back as one
   * part (a copy).
   *
   * @throws InterruptedException when the calling thread is interrupted (the running tool is killed
   *     and the parts made so far are removed first)
   */
  public SplitResult split(SplitRequest request) throws InterruptedException {
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
    Optional<PartFormat> format = PartFormat.of(input);
    if (format.isEmpty()) {
      return failed(
          ErrorType.FORMAT_NOT_FOUND,
          "only H.264 video or MP3/AAC audio is split, found " + input.codecSummary());
    }
    if (!(input.durationSeconds() > 0) || input.sizeBytes() <= 0) {
      return failed(ErrorType.UNKNOWN, "input has no duration or size");
    }
    TimeBudget budget = new TimeBudget(timeout);
    Path work;
    try {
      work = Files.createTempDirectory(request.outputDir(), ".split-");
    } catch (IOException e) {
      return failed(ErrorType.UNKNOWN, "cannot create a work folder: " + e.getMessage());
    }
    List<Path> made = new ArrayList<>();
    boolean done = false;
    try {
      SplitResult result = split(request, input, format.get(), work, budget, made);
      done = result instanceof SplitResult.Split;
      return result;
    } finally {
      MediaFiles.deleteFolderQuietly(work);
      if (!done) {
        made.forEach(MediaFiles::deleteQuietly);
      }
    }
  }

  private SplitResult split(
      SplitRequest request,
      MediaInfo input,
      PartFormat format,
      Path work,
      TimeBudget budget,
      List<Path> made)
      throws InterruptedException {
    KeyframeIndex index =
        new KeyframeIndex(format.jobType() == JobType.AUDIO ? AUDIO_CUT_SPACING_SECONDS : 0);
    Optional<ProbeResult.Failed> unlisted =
        ffprobe.packets(request.input(), format.mainStream(), budget, index);
    if (unlisted.isPresent()) {
      return failed(unlisted.get().errorType(), "cannot list packets: " + unlisted.get().message());
    }
    // Each audio part gets the cover back (the segment muxer writes it into the first only).
    long coverBytes = 0;
    if (format.cover().isPresent()) {
      Optional<Long> size = streamBytes(request.input(), format.cover().get().index(), budget);
      if (size.isEmpty()) {
        return failed(ErrorType.UNKNOWN, "cannot read the size of the cover");
      }
      coverBytes = size.get();
    }
    List<CutPoint> points = index.cutPoints(input.sizeBytes(), input.durationSeconds());
    long target = (long) (request.maxBytes() * TARGET_SHARE) - coverBytes;
    if (target <= 0) {
      return failed(ErrorType.SIZE_LIMIT, "the cover alone is " + coverBytes + " bytes");
    }
    for (int round = 1; round <= MAX_ROUNDS; round++) {
      CutPlan.Parts plan;
      switch (CutPlanner.plan(points, input.sizeBytes(), target)) {
        case CutPlan.Unsplittable span -> {
          return failed(
              ErrorType.SIZE_LIMIT,
              String.format(
                  Locale.ROOT,
                  "%d bytes from %.1f s on lie between two keyframes, more than one part may hold",
                  span.bytes(),
                  span.fromSeconds()));
        }
        case CutPlan.Parts parts -> plan = parts;
      }
      if (plan.count() > request.maxParts()) {
        return new SplitResult.TooManyParts(plan.count());
      }
      Optional<Ffmpeg.Failure> failure = ffmpeg.run(cutArgs(request, format, plan, work), budget);
      if (failure.isPresent()) {
        return failed(failure.get().errorType(), failure.get().message());
      }
      List<Path> pieces;
      long largest = 0;
      try {
        pieces = MediaFiles.list(work);
        for (Path piece : pieces) {
          largest = Math.max(largest, Files.size(piece) + coverBytes);
        }
      } catch (IOException e) {
        return failed(ErrorType.UNKNOWN, "cannot read the parts: " + e.getMessage());
      }
      if (pieces.size() != plan.count()) {
        return failed(
            ErrorType.UNKNOWN,
            "ffmpeg wrote " + pieces.size() + " parts, " + plan.count() + " were planned");
      }
      if (largest <= request.maxBytes()) {
        return finish(request, input, format, plan, pieces, work, budget, made);
      }
      // The estimate was low for this file: aim lower by as much as the largest part overshot.
      target = (long) (target * ((double) request.maxBytes() / largest) * TARGET_SHARE);
      pieces.forEach(MediaFiles::deleteQuietly);
    }
    return failed(
        ErrorType.SIZE_LIMIT,
        "parts still over " + request.maxBytes() + " bytes after " + MAX_ROUNDS + " tries");
  }

  /** ffmpeg's arguments that cut the whole file at the plan's cut points into {@code work}. */
  private static List<String> cutArgs(
      SplitRequest request, PartFormat format, CutPlan.Parts plan, Path work) {
    List<String> args = new ArrayList<>(Ffmpeg.input(request.input()));
    for (int stream : format.copiedStreams()) {
      args.addAll(List.of("-map", "0:" + stream));
    }
    args.addAll(List.of("-c", "copy", "-map_metadata", "0"));
    if (plan.count() == 1) {
      // Without split points the segment muxer would cut every 2 s (its default segment_time).
      args.addAll(format.fileMuxerArgs());
      args.add(work.resolve("part000." + format.extension()).toAbsolutePath().toString());
      return args;
    }
    List<String> frames = new ArrayList<>();
    for (CutPoint cut : plan.cuts()) {
      frames.add(Integer.toString(cut.frame()));
    }
    args.addAll(
        List.of(
            "-f",
            "segment",
            "-segment_format",
            format.muxer(),
            // Cut by packet number, not by time: exact, where a time would be compared with
            // timestamps ffprobe printed rounded to microseconds and ffmpeg may have shifted (for
            // B-frames). Each part begins at the keyframe with that number.
            "-segment_frames",
            String.join(",", frames),
            "-reset_timestamps",
            "1",
            "-segment_format_options",
            format.muxerOptions()));
    // A pattern of our own in our own folder: a '%' in the caller's name would be read as one.
    args.add(work.resolve("part%03d." + format.extension()).toAbsolutePath().toString());
    return args;
  }

  /** Moves the measured pieces into place, gives audio its cover, validates and thumbnails. */
  private SplitResult finish(
      SplitRequest request,
      MediaInfo input,
      PartFormat format,
      CutPlan.Parts plan,
      List<Path> pieces,
      Path work,
      TimeBudget budget,
      List<Path> made)
      throws InterruptedException {
    int count = pieces.size();
    Optional<Path> coverThumbnail = Optional.empty();
    if (format.cover().isPresent()) {
      // Made once from the file's cover, then copied for each part.
      coverThumbnail = thumbnails.fromImage(request.input(), work.resolve("cover.jpg"), budget);
    }
    List<SplitResult.Part> parts = new ArrayList<>();
    double total = 0;
    for (int i = 0; i < count; i++) {
      String name = request.baseName() + ".part" + number(i + 1, count);
      Path file = request.outputDir().resolve(name + "." + format.extension());
      made.add(file);
      Optional<Ffmpeg.Failure> failure =
          place(pieces.get(i), file, request.input(), format, budget);
      if (failure.isPresent()) {
        String message = "part " + (i + 1) + ": " + failure.get().message();
        return failed(failure.get().errorType(), message);
      }
      ValidationResult.Valid valid;
      switch (validator.validate(file, format.jobType(), request.maxBytes())) {
        case ValidationResult.Invalid invalid -> {
          return failed(invalid.errorType(), "part " + (i + 1) + ": " + invalid.message());
        }
        case ValidationResult.Valid v -> valid = v;
      }
      if (format.faststart() && !valid.faststart()) {
        return failed(ErrorType.UNKNOWN, "part " + (i + 1) + " is not faststart");
      }
      MediaInfo info = valid.info();
      Path thumbnailTarget = request.outputDir().resolve(name + ".thumb.jpg");
      Optional<Path> thumbnail =
          format.jobType() == JobType.VIDEO
              ? thumbnails.fromVideo(file, info.durationSeconds(), thumbnailTarget, budget)
              : copyOf(coverThumbnail, thumbnailTarget);
      thumbnail.ifPresent(made::add);
      double start = i == 0 ? 0 : plan.cuts().get(i - 1).seconds();
      double duration = info.durationSeconds();
      long size = info.sizeBytes();
      parts.add(new SplitResult.Part(i + 1, count, file, thumbnail, start, duration, size, info));
      total += duration;
    }
    if (Math.abs(total - input.durationSeconds()) > DURATION_TOLERANCE_SECONDS) {
      return failed(
          ErrorType.UNKNOWN,
          String.format(
              Locale.ROOT,
              "the parts last %.2f s together, the file %.2f s",
              total,
              input.durationSeconds()));
    }
    return new SplitResult.Split(parts);
  }

  /**
   * Puts one piece in its place: moved as it is, or for audio with a cover remuxed with the cover
   * and the file's tags (stream copy, a fraction of a second).
   */
  private Optional<Ffmpeg.Failure> place(
      Path piece, Path file, Path source, PartFormat format, TimeBudget budget)
      throws InterruptedException {
    if (format.cover().isEmpty()) {
      try {
        Files.move(piece, file, StandardCopyOption.REPLACE_EXISTING);
        return Optional.empty();
      } catch (IOException e) {
        return Optional.of(
            new Ffmpeg.Failure(ErrorType.UNKNOWN, "cannot move the part: " + e.getMessage()));
      }
    }
    List<String> args = new ArrayList<>(Ffmpeg.input(piece));
    args.addAll(Ffmpeg.input(source));
    args.addAll(List.of("-map", "0:0", "-map", "1:" + format.cover().get().index()));
    args.addAll(List.of("-c", "copy", "-disposition:v:0", "attached_pic", "-map_metadata", "1"));
    args.addAll(format.fileMuxerArgs());
    return ffmpeg.runToFile(args, file, budget);
  }

  /** The bytes of one stream (the cover: a single packet), empty when ffprobe cannot tell. */
  private Optional<Long> streamBytes(Path file, int stream, TimeBudget budget)
      throws InterruptedException {
    KeyframeIndex packets = new KeyframeIndex(0);
    Optional<ProbeResult.Failed> failure = ffprobe.packets(file, stream, budget, packets);
    return failure.isPresent() ? Optional.empty() : Optional.of(packets.streamBytes());
  }

  /** {@code 2} of 3, {@code 02} of 12: names sort in order in a file list. */
  static String number(int index, int count) {
    int width = Integer.toString(count).length();
    return String.format(Locale.ROOT, "%0" + width + "d", index);
  }

  private static Optional<Path> copyOf(Optional<Path> thumbnail, Path target) {
    if (thumbnail.isEmpty()) {
      return Optional.empty();
    }
    try {
      Files.copy(thumbnail.get(), target, StandardCopyOption.REPLACE_EXISTING);
      return Optional.of(target);
    } catch (IOException e) {
      log.warn("No thumbnail for {}: {}", target.getFileName(), e.toString());
      return Optional.empty();
    }
  }

  private static SplitResult.Failed failed(ErrorType type, String message) {
    return new SplitResult.Failed(type, ToolMessages.shorten(message));
  }
}
