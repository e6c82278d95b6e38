package archiver.download.media;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.download.process.ProcessRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Encodes a long recording again as AAC at the highest bitrate that fits the upload limit (50 MB
 * for the cloud Bot API, https://core.telegram.org/bots/api#sending-files): a two-hour lecture at
 * 128 kbit/s is 115 MB, at 48 kbit/s about 45 MB. The result is an M4A like {@link PostProcessor}'s
 * (AAC-LC, {@code +faststart}, title, artist and cover kept), checked with ffprobe for its length
 * and size. When only a bitrate below the caller's floor would fit, nothing is encoded and the
 * caller splits the file instead.
 *
 * <p>The bitrate comes from {@link AacBitrate}'s estimate; when the encoder overshoots it after
 * all, the next step down is tried (at most {@value #MAX_ATTEMPTS} encodes in all). All ffmpeg runs
 * of one call share the timeout.
 */
public final class AudioFitter {

  static final int MAX_ATTEMPTS = 3;

  /** The result must be as long as the input within this. */
  static final double DURATION_TOLERANCE_SECONDS = 1.0;

  /** Picture formats an M4A "covr" box may hold (JPEG, PNG and BMP; ffmpeg's covers are these). */
  private static final List<String> COVER_CODECS = List.of("mjpeg", "png");

  private final Ffmpeg ffmpeg;
  private final Ffprobe ffprobe;
  private final OutputValidator validator;
  private final Duration timeout;

  /**
   * @param timeout for all ffmpeg runs of one {@link #fit} call together; encoding two hours of
   *     audio takes about a minute on two cores
   */
  public AudioFitter(ProcessRunner runner, MediaTools tools, Ffprobe ffprobe, Duration timeout) {
    Objects.requireNonNull(runner, "runner");
    Objects.requireNonNull(tools, "tools");
    this.ffmpeg = new Ffmpeg(runner, tools);
    this.ffprobe = Objects.requireNonNull(ffprobe, "ffprobe");
    this.validator = new OutputValidator(ffprobe);
    this.timeout = Objects.requireNonNull(timeout, "timeout");
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive: " + timeout);
    }
  }

  /**
   * Fits one file into {@code request.outputDir()/<baseName>.m4a}.
   *
   * @throws InterruptedException when the calling thread is interrupted (ffmpeg is killed and the
   *     partial output removed first)
   */
  public FitResult fit(FitRequest request) throws InterruptedException {
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
    Optional<StreamInfo> audioStream = input.firstAudio();
    if (audioStream.isEmpty()) {
      return failed(ErrorType.FORMAT_NOT_FOUND, "input has no audio stream");
    }
    StreamInfo audio = audioStream.get();
    if (!(input.durationSeconds() > 0)) {
      return failed(ErrorType.UNKNOWN, "input has no duration");
    }
    TimeBudget budget = new TimeBudget(timeout);
    Optional<StreamInfo> cover = input.coverArt().filter(c -> COVER_CODECS.contains(c.codecName()));
    long coverBytes = 0;
    if (cover.isPresent()) {
      KeyframeIndex coverPackets = new KeyframeIndex(0);
      Optional<ProbeResult.Failed> unread =
          ffprobe.packets(request.input(), cover.get().index(), budget, coverPackets);
      if (unread.isPresent()) {
        return failed(unread.get().errorType(), "cannot read the cover: " + unread.get().message());
      }
      coverBytes = coverPackets.streamBytes();
    }
    AacBitrate.Source source =
        new AacBitrate.Source(
            input.durationSeconds(),
            audio.channels(),
            audio.sampleRate(),
            (int) (sourceBitRate(input, audio) / 1000),
            coverBytes);
    AacBitrate.Choice.Encode encode;
    switch (AacBitrate.choose(source, request.maxBytes(), request.floorKbps())) {
      case AacBitrate.Choice.BelowFloor below -> {
        return new FitResult.BelowFloor(below.neededKbps());
      }
      case AacBitrate.Choice.Encode e -> encode = e;
    }
    Path output = request.outputDir().resolve(request.baseName() + ".m4a");
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      List<String> args = encodeArgs(request.input(), audio, cover, encode);
      Optional<Ffmpeg.Failure> failure = ffmpeg.runToFile(args, output, budget);
      if (failure.isPresent()) {
        return failed(failure.get().errorType(), failure.get().message());
      }
      long size;
      try {
        size = Files.size(output);
      } catch (IOException e) {
        MediaFiles.deleteQuietly(output);
        return failed(ErrorType.UNKNOWN, "cannot read the output: " + e.getMessage());
      }
      if (size <= request.maxBytes()) {
        return validated(output, encode.kbps(), input, request.maxBytes());
      }
      MediaFiles.deleteQuietly(output);
      int lower = encode.kbps() - AacBitrate.STEP_KBPS;
      if (lower < request.floorKbps()) {
        return new FitResult.BelowFloor((int) (encode.kbps() * (double) request.maxBytes() / size));
      }
      encode = new AacBitrate.Choice.Encode(lower, AacBitrate.channels(source, lower));
    }
    return failed(
        ErrorType.SIZE_LIMIT,
        "still over " + request.maxBytes() + " bytes after " + MAX_ATTEMPTS + " encodes");
  }

  private static List<String> encodeArgs(
      Path input, StreamInfo audio, Optional<StreamInfo> cover, AacBitrate.Choice.Encode encode) {
    List<String> args = new ArrayList<>(Ffmpeg.input(input));
    args.addAll(List.of("-map", "0:" + audio.index()));
    // The cover stays in the file as an attached picture ("covr"), as PostProcessor keeps it:
    // players show it; Telegram's sendAudio takes its thumbnail separately.
    if (cover.isPresent()) {
      args.addAll(List.of("-map", "0:" + cover.get().index(), "-c:v", "copy"));
      args.addAll(List.of("-disposition:v:0", "attached_pic"));
    }
    args.addAll(
        List.of(
            "-c:a",
            "aac",
            "-b:a",
            encode.kbps() + "k",
            "-ac",
            Integer.toString(encode.channels()),
            "-map_metadata",
            "0",
            // The ipod muxer is ffmpeg's M4A flavour of MP4 (brand "M4A "); the index goes first
            // so that Telegram's player can start before the whole file is there.
            "-movflags",
            "+faststart",
            "-f",
            "ipod"));
    return args;
  }

  /** The output is AAC, fits, and lasts as long as the input; anything else is removed. */
  private FitResult validated(Path output, int kbps, MediaInfo input, long maxBytes)
      throws InterruptedException {
    ValidationResult.Valid valid;
    switch (validator.validate(output, JobType.AUDIO, maxBytes)) {
      case ValidationResult.Invalid invalid -> {
        MediaFiles.deleteQuietly(output);
        return failed(invalid.errorType(), invalid.message());
      }
      case ValidationResult.Valid v -> valid = v;
    }
    Optional<String> problem = problem(valid, input);
    if (problem.isPresent()) {
      MediaFiles.deleteQuietly(output);
      return failed(ErrorType.UNKNOWN, problem.get());
    }
    return new FitResult.Fitted(output, kbps, valid.info().sizeBytes(), valid.info());
  }

  private static Optional<String> problem(ValidationResult.Valid valid, MediaInfo input) {
    MediaInfo info = valid.info();
    if (!info.firstAudio().map(a -> a.codecName().equals("aac")).orElse(false)) {
      return Optional.of("output is not AAC (found " + info.codecSummary() + ")");
    }
    if (!valid.faststart()) {
      return Optional.of("output is not faststart");
    }
    if (Math.abs(info.durationSeconds() - input.durationSeconds()) > DURATION_TOLERANCE_SECONDS) {
      return Optional.of(
          String.format(
              Locale.ROOT,
              "output lasts %.2f s, the input %.2f s",
              info.durationSeconds(),
              input.durationSeconds()));
    }
    return Optional.empty();
  }

  /** The audio stream's bitrate, else for a file of audio alone the file's; 0 when unknown. */
  private static long sourceBitRate(MediaInfo input, StreamInfo audio) {
    if (audio.bitRate() > 0) {
      return audio.bitRate();
    }
    boolean audioAlone = input.streams().size() == 1;
    return audioAlone ? input.bitRate() : 0;
  }

  private static FitResult.Failed failed(ErrorType type, String message) {
    return new FitResult.Failed(type, ToolMessages.shorten(message));
  }
}
