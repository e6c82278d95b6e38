package archiver.core.pipeline;

import archiver.config.AppConfig;

/**
 * How long media are handled ({@code limits.max_parts_per_job}, {@code
 * limits.max_duration_seconds}, {@code limits.audio_min_kbps}).
 */
public record LongMediaLimits(int maxParts, int maxDurationSeconds, int audioMinKbps) {

  public static final LongMediaLimits DEFAULTS =
      new LongMediaLimits(
          AppConfig.Limits.DEFAULT_MAX_PARTS,
          AppConfig.Limits.DEFAULT_MAX_DURATION_SECONDS,
          AppConfig.Limits.DEFAULT_AUDIO_MIN_KBPS);

  public static LongMediaLimits of(AppConfig.Limits limits) {
    return new LongMediaLimits(
        limits.maxPartsPerJob(), limits.maxDurationSeconds(), limits.audioMinKbps());
  }
}
