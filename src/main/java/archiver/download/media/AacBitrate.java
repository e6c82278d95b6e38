package archiver.download.media;

/**
 * The AAC bitrate at which a recording fits a size: the highest of a few steps whose estimated
 * output size is within the limit. Pure arithmetic; {@link AudioFitter} encodes and measures.
 *
 * <p>The estimate, from ffmpeg 5.1's native AAC encoder into M4A (measured on 60 s and 600 s of
 * noise and tone at 32 to 96 kbit/s): the audio itself runs up to 1.7 % over the asked bitrate at
 * 32 kbit/s and less above, and the M4A index costs about 4 bytes per AAC frame (one frame is 1,024
 * samples, 43 a second at 44.1 kHz) plus a few KB of headers. The estimate allows 3 % for the
 * audio, 8 bytes per frame and 64 KiB for headers and tags, plus the cover picture as it is.
 */
final class AacBitrate {

  /** Bitrates are chosen in steps of this; players and people know 48, 64, 96, 128. */
  static final int STEP_KBPS = 8;

  /** {@link PostProcessor}'s bitrate for the best audio: never more, whatever fits. */
  static final int STEREO_CEILING_KBPS = 192;

  /** The same bits per channel for one channel. */
  static final int MONO_CEILING_KBPS = 96;

  /**
   * Below this a stereo source is made mono. ffmpeg's AAC encoder cuts high frequencies by the
   * bitrate per channel (AAC_CUTOFF_FROM_BITRATE in libavcodec/psymodel.h): at 48 kbit/s stereo it
   * keeps audio up to 5.75 kHz only, which muffles the consonants of speech, while 48 kbit/s mono
   * keeps 15 kHz. At 64 kbit/s stereo it keeps 9.5 kHz, still fine for speech, so stereo is kept
   * from there up.
   */
  static final int MONO_BELOW_KBPS = 64;

  static final double RATE_SLACK = 1.03;
  static final int INDEX_BYTES_PER_FRAME = 8;
  static final long HEADER_BYTES = 64 * 1024;
  static final int SAMPLES_PER_FRAME = 1024;

  /** What to encode, or that nothing at or above the floor fits. */
  sealed interface Choice {
    record Encode(int kbps, int channels) implements Choice {}

    /** {@code neededKbps}: the highest bitrate that would fit (0 when not even the index fits). */
    record BelowFloor(int neededKbps) implements Choice {}
  }

  /** The recording to fit. {@code sourceKbps} is 0 when unknown, {@code sampleRate} likewise. */
  record Source(
      double durationSeconds, int channels, int sampleRate, int sourceKbps, long coverBytes) {}

  private AacBitrate() {}

  /**
   * The highest step from the ceiling down that fits; the floor itself is the last one tried, so
   * that a floor of 30 kbit/s is honoured even where no step lies between it and 32.
   *
   * @param maxBytes the most the output may hold
   * @param floorKbps the lowest bitrate worth sending; below it the caller splits instead
   */
  static Choice choose(Source source, long maxBytes, int floorKbps) {
    int ceiling = source.channels() == 1 ? MONO_CEILING_KBPS : STEREO_CEILING_KBPS;
    if (source.sourceKbps() > 0) {
      // Encoding a 64 kbit/s podcast at 128 makes it bigger, not better.
      ceiling = Math.min(ceiling, source.sourceKbps());
    }
    for (int kbps = ceiling / STEP_KBPS * STEP_KBPS; kbps > floorKbps; kbps -= STEP_KBPS) {
      if (estimatedBytes(source, kbps) <= maxBytes) {
        return new Choice.Encode(kbps, channels(source, kbps));
      }
    }
    if (estimatedBytes(source, floorKbps) <= maxBytes) {
      return new Choice.Encode(floorKbps, channels(source, floorKbps));
    }
    return new Choice.BelowFloor(fittingKbps(source, maxBytes));
  }

  /** Mono for a mono source, and below {@link #MONO_BELOW_KBPS}; stereo otherwise. */
  static int channels(Source source, int kbps) {
    return source.channels() == 1 || kbps < MONO_BELOW_KBPS ? 1 : 2;
  }

  /** The size of the M4A at {@code kbps}, on the generous side. */
  static long estimatedBytes(Source source, int kbps) {
    double audio = kbps * 1000.0 / 8 * source.durationSeconds() * RATE_SLACK;
    return (long) Math.ceil(audio) + indexBytes(source) + HEADER_BYTES + source.coverBytes();
  }

  /** The bitrate whose estimate is exactly {@code maxBytes}, rounded down. */
  static int fittingKbps(Source source, long maxBytes) {
    long forAudio = maxBytes - indexBytes(source) - HEADER_BYTES - source.coverBytes();
    if (forAudio <= 0 || !(source.durationSeconds() > 0)) {
      return 0;
    }
    return (int) Math.floor(forAudio * 8 / 1000.0 / source.durationSeconds() / RATE_SLACK);
  }

  private static long indexBytes(Source source) {
    int sampleRate = source.sampleRate() > 0 ? source.sampleRate() : 48_000;
    double frames = Math.ceil(source.durationSeconds() * sampleRate / SAMPLES_PER_FRAME);
    return (long) frames * INDEX_BYTES_PER_FRAME;
  }
}
