package archiver.download.ytdlp;

import archiver.domain.ErrorType;
import archiver.domain.JobType;
import archiver.domain.Quality;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import java.util.OptionalLong;

/**
 * Chooses the yt-dlp formats for a job before anything is downloaded (CAPABILITY_CHECK in
 * docs/ARCHITECTURE.md, "Pipeline" and "Ready to play").
 *
 * <p>Order of preference, applied to every option that fits the size limit:
 *
 * <ol>
 *   <li>Formats Telegram plays without re-encoding: H.264 video with AAC/MP3 audio, AAC/M4A or MP3
 *       for audio jobs. Then formats whose codecs yt-dlp does not know (a direct file: ffprobe
 *       decides later). Then options needing the audio re-encoded (H.264 + Opus), then the video
 *       (VP9/AV1, preferring AAC beside it so the audio can be copied); these are marked {@code
 *       needsTranscode}: merging VP9 into MP4 gives a file Telegram will not play inline.
 *   <li>Within that, the highest resolution (video) or audio bitrate (audio) that does not exceed
 *       the quality's limit, then higher fps and bitrate.
 * </ol>
 *
 * <p>So for {@code best}, 1080p H.264 wins over 2160p VP9: playing inline matters more than pixels
 * the phone screen does not show. Progressive formats (video and audio in one, YouTube's 18) are
 * options like any video+audio pair. Audio bitrates get {@link #AUDIO_BITRATE_TOLERANCE}; an
 * unknown resolution or bitrate (a direct file) is allowed under every quality.
 */
public final class FormatSelector {

  /** The outcome of {@link #choose}. */
  public sealed interface Selection permits Chosen, Rejected {}

  /**
   * Formats to download.
   *
   * @param formatSpec the argument for yt-dlp's {@code -f}: {@code "137+140"}, {@code "18"}
   * @param estimatedBytes the expected size of all parts together; empty when a part's size cannot
   *     be estimated (yt-dlp's {@code --max-filesize} still guards the download)
   * @param needsTranscode true when a known codec is one Telegram will not play (VP9, AV1, Opus);
   *     false also when codecs are unknown, in which case ffprobe decides after the download
   * @param video the format supplying the video, if any (the same as {@code audio} for a
   *     progressive format)
   * @param audio the format supplying the audio, if any
   */
  public record Chosen(
      String formatSpec,
      OptionalLong estimatedBytes,
      boolean needsTranscode,
      Optional<YtDlpFormat> video,
      Optional<YtDlpFormat> audio,
      Optional<SmallerThanAsked> smaller)
      implements Selection {

    public Chosen(
        String formatSpec,
        OptionalLong estimatedBytes,
        boolean needsTranscode,
        Optional<YtDlpFormat> video,
        Optional<YtDlpFormat> audio) {
      this(formatSpec, estimatedBytes, needsTranscode, video, audio, Optional.empty());
    }
  }

  /**
   * The size limit made the choice smaller than the quality asked for: what would have been sent
   * ({@code wanted}, e.g. "720p", about {@code wantedBytes}) and what is sent instead ({@code
   * chosen}, e.g. "360p"), so the user can be told why.
   */
  public record SmallerThanAsked(String wanted, long wantedBytes, String chosen) {}

  /**
   * Nothing suitable: {@link ErrorType#FORMAT_NOT_FOUND} (no format of the job's type within the
   * quality) or {@link ErrorType#SIZE_LIMIT} (some fit the quality, none fits the size).
   */
  public record Rejected(ErrorType errorType, String message) implements Selection {
    public Rejected {
      if (errorType != ErrorType.FORMAT_NOT_FOUND && errorType != ErrorType.SIZE_LIMIT) {
        throw new IllegalArgumentException("not a selection error: " + errorType);
      }
    }
  }

  /**
   * Audio bitrates are nominal: YouTube's "128k" AAC (format 140) reports about 129.5 kbit/s, its
   * "48k" about 49. A bitrate up to this factor above the quality's limit still belongs to it.
   */
  static final double AUDIO_BITRATE_TOLERANCE = 1.10;

  /**
   * What it costs to make an option playable in Telegram, lower is better: nothing for H.264/AAC, a
   * little for a stream whose codec yt-dlp does not know (ffprobe decides later, it is usually
   * fine), more for re-encoding the audio, most for re-encoding the video. So VP9+AAC beats
   * VP9+Opus (the AAC is copied), and H.264+Opus beats VP9+AAC.
   */
  private static final int COST_NATIVE = 0;

  private static final int COST_UNKNOWN = 1;
  private static final int COST_AUDIO_TRANSCODE = 3;
  private static final int COST_VIDEO_TRANSCODE = 6;

  /** One downloadable choice: a progressive format, a video+audio pair, or a single stream. */
  private record Option(
      String spec,
      Optional<YtDlpFormat> video,
      Optional<YtDlpFormat> audio,
      int cost,
      boolean needsTranscode,
      int resolution,
      double fps,
      double videoKbps,
      double audioKbps,
      boolean singleFile,
      int listIndex,
      long knownBytes,
      OptionalLong estimatedBytes) {}

  /** Prefer: playable as is, higher resolution, higher fps, more video then audio bitrate. */
  private static final Comparator<Option> PREFERENCE =
      Comparator.comparingInt(Option::cost)
          .thenComparing(Comparator.comparingInt(Option::resolution).reversed())
          .thenComparing(Comparator.comparingDouble(Option::fps).reversed())
          .thenComparing(Comparator.comparingDouble(Option::videoKbps).reversed())
          .thenComparing(Comparator.comparingDouble(Option::audioKbps).reversed())
          .thenComparing(Option::singleFile, Comparator.reverseOrder())
          // yt-dlp lists formats from worst to best: later wins a remaining tie.
          .thenComparing(Comparator.comparingInt(Option::listIndex).reversed());

  /**
   * Chooses what to download.
   *
   * @param maxBytes the size limit for all parts together, positive ({@code Long.MAX_VALUE} for
   *     none)
   */
  public Selection choose(YtDlpInfo info, Quality quality, long maxBytes) {
    Objects.requireNonNull(info, "info");
    Objects.requireNonNull(quality, "quality");
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive: " + maxBytes);
    }
    List<YtDlpFormat> usable = new ArrayList<>();
    for (YtDlpFormat f : info.formats()) {
      // Storyboards and the like have neither stream; a format without an id cannot be selected.
      if (!f.formatId().isEmpty() && (f.hasVideo() || f.hasAudio())) {
        usable.add(f);
      }
    }
    Candidates candidates =
        quality.jobType() == JobType.VIDEO
            ? videoOptions(info, usable, quality)
            : audioOptions(info, usable, quality);
    if (candidates.options().isEmpty()) {
      return new Rejected(ErrorType.FORMAT_NOT_FOUND, candidates.whyNone());
    }
    List<Option> fitting = new ArrayList<>();
    for (Option o : candidates.options()) {
      if (o.knownBytes() <= maxBytes) {
        fitting.add(o);
      }
    }
    if (fitting.isEmpty()) {
      Option smallest =
          candidates.options().stream().min(Comparator.comparingLong(Option::knownBytes)).get();
      return new Rejected(
          ErrorType.SIZE_LIMIT,
          "every %s option is over the %s limit; the smallest, format %s, is about %s"
              .formatted(
                  quality.code(),
                  megabytes(maxBytes),
                  smallest.spec(),
                  megabytes(smallest.knownBytes())));
    }
    fitting.sort(PREFERENCE);
    Option best = fitting.get(0);
    Option unlimited = candidates.options().stream().min(PREFERENCE).orElseThrow();
    Optional<SmallerThanAsked> smaller = Optional.empty();
    if (unlimited != best
        && unlimited.knownBytes() > maxBytes
        && !label(unlimited).equals(label(best))) {
      smaller =
          Optional.of(new SmallerThanAsked(label(unlimited), unlimited.knownBytes(), label(best)));
    }
    return new Chosen(
        best.spec(),
        best.estimatedBytes(),
        best.needsTranscode(),
        best.video(),
        best.audio(),
        smaller);
  }

  /** How a user names an option: its height for video ("720p"), its bitrate for audio. */
  private static String label(Option o) {
    if (o.resolution() > 0) {
      return o.resolution() + "p";
    }
    if (o.audioKbps() > 0) {
      return Math.round(o.audioKbps()) + " kbit/s";
    }
    return o.spec();
  }

  private record Candidates(List<Option> options, String whyNone) {}

  private static Candidates videoOptions(YtDlpInfo info, List<YtDlpFormat> usable, Quality q) {
    List<YtDlpFormat> videos = new ArrayList<>();
    List<YtDlpFormat> audios = new ArrayList<>();
    boolean anyAudioStream = false;
    OptionalInt lowestAbove = OptionalInt.empty();
    for (YtDlpFormat f : usable) {
      anyAudioStream |= f.hasAudio();
      if (f.isAudioOnly()) {
        audios.add(f);
      } else if (withinHeight(f, q)) {
        videos.add(f);
      } else {
        int r = f.resolution().getAsInt();
        if (lowestAbove.isEmpty() || r < lowestAbove.getAsInt()) {
          lowestAbove = OptionalInt.of(r);
        }
      }
    }
    List<Option> options = new ArrayList<>();
    for (YtDlpFormat v : videos) {
      if (v.isCombined()) {
        options.add(single(info, v, true));
      } else if (!audios.isEmpty()) {
        for (YtDlpFormat a : audios) {
          options.add(pair(info, v, a));
        }
      } else if (!anyAudioStream) {
        // A silent source: the video alone is the best there is.
        options.add(single(info, v, true));
      }
    }
    String why;
    if (lowestAbove.isPresent()) {
      why =
          "no video format at or below %s; the lowest is %dp"
              .formatted(q.code(), lowestAbove.getAsInt());
    } else {
      why = audios.isEmpty() ? "no formats to download" : "no video formats, only audio";
    }
    return new Candidates(options, why);
  }

  private static Candidates audioOptions(YtDlpInfo info, List<YtDlpFormat> usable, Quality q) {
    List<YtDlpFormat> audioOnly = new ArrayList<>();
    List<YtDlpFormat> combined = new ArrayList<>();
    for (YtDlpFormat f : usable) {
      if (f.isAudioOnly()) {
        audioOnly.add(f);
      } else if (f.isCombined()) {
        combined.add(f);
      }
    }
    // A progressive file (or a direct link of unknown content) still carries the sound; use it
    // only when there is no audio-only format, as it costs the download of the video too.
    List<YtDlpFormat> sources = audioOnly.isEmpty() ? combined : audioOnly;
    List<Option> options = new ArrayList<>();
    OptionalDouble lowestAbove = OptionalDouble.empty();
    for (YtDlpFormat f : sources) {
      OptionalDouble kbps = f.audioBitrate();
      if (kbps.isEmpty() || kbps.getAsDouble() <= q.limit() * AUDIO_BITRATE_TOLERANCE) {
        options.add(single(info, f, false));
      } else if (lowestAbove.isEmpty() || kbps.getAsDouble() < lowestAbove.getAsDouble()) {
        lowestAbove = kbps;
      }
    }
    String why;
    if (lowestAbove.isPresent()) {
      why =
          "no audio at or below %d kbit/s; the lowest is %d kbit/s"
              .formatted(q.limit(), Math.round(lowestAbove.getAsDouble()));
    } else {
      why = usable.isEmpty() ? "no formats to download" : "no audio formats, only video";
    }
    return new Candidates(options, why);
  }

  private static boolean withinHeight(YtDlpFormat f, Quality q) {
    // Unknown resolution (a direct file) is allowed: ffprobe and post-processing see the real one.
    return f.resolution().isEmpty() || f.resolution().getAsInt() <= q.limit();
  }

  private static Option single(YtDlpInfo info, YtDlpFormat f, boolean videoJob) {
    int cost;
    if (videoJob) {
      cost = videoCost(f) + (f.isCombined() ? audioCost(f) : COST_NATIVE);
    } else {
      cost = audioCost(f);
    }
    OptionalLong size = f.estimatedBytes(info.durationSeconds());
    // For an audio job the picture of a progressive source is ballast, not quality.
    boolean rankVideo = videoJob && f.hasVideo();
    return new Option(
        f.formatId(),
        f.hasVideo() ? Optional.of(f) : Optional.empty(),
        f.hasAudio() ? Optional.of(f) : Optional.empty(),
        cost,
        needsTranscode(cost),
        rankVideo ? f.resolution().orElse(-1) : -1,
        rankVideo ? f.fps().orElse(0) : 0,
        rankVideo ? f.videoBitrate().orElse(0) : 0,
        f.audioBitrate().orElse(0),
        true,
        info.formats().indexOf(f),
        size.orElse(0),
        size);
  }

  private static Option pair(YtDlpInfo info, YtDlpFormat v, YtDlpFormat a) {
    OptionalLong vSize = v.estimatedBytes(info.durationSeconds());
    OptionalLong aSize = a.estimatedBytes(info.durationSeconds());
    OptionalLong total =
        vSize.isPresent() && aSize.isPresent()
            ? OptionalLong.of(vSize.getAsLong() + aSize.getAsLong())
            : OptionalLong.empty();
    return new Option(
        v.formatId() + "+" + a.formatId(),
        Optional.of(v),
        Optional.of(a),
        videoCost(v) + audioCost(a),
        needsTranscode(videoCost(v) + audioCost(a)),
        v.resolution().orElse(-1),
        v.fps().orElse(0),
        v.videoBitrate().orElse(0),
        a.audioBitrate().orElse(0),
        false,
        // The pair ranks by its video's place in the list; the audio is compared by bitrate.
        info.formats().indexOf(v),
        vSize.orElse(0) + aSize.orElse(0),
        total);
  }

  private static int videoCost(YtDlpFormat f) {
    if (f.vcodec().isEmpty()) {
      return COST_UNKNOWN;
    }
    return f.hasH264Video() ? COST_NATIVE : COST_VIDEO_TRANSCODE;
  }

  private static int audioCost(YtDlpFormat f) {
    if (f.acodec().isEmpty()) {
      return COST_UNKNOWN;
    }
    return f.hasTelegramAudio() ? COST_NATIVE : COST_AUDIO_TRANSCODE;
  }

  /** A known codec to re-encode; unknown codecs alone are left to ffprobe. */
  private static boolean needsTranscode(int cost) {
    return cost >= COST_AUDIO_TRANSCODE;
  }

  /** In MiB, the unit of Telegram's "50 MB". */
  private static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
