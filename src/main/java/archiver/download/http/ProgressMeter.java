package archiver.download.http;

import archiver.domain.DownloadProgress;
import archiver.download.ProgressListener;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.OptionalDouble;
import java.util.OptionalLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns "so many bytes so far" into {@link DownloadProgress} at most every {@link #INTERVAL}: the
 * bot edits a Telegram message from these, and Telegram throttles edits, so more would be noise.
 * Speed is the average since the start, which keeps the ETA from jumping with every chunk.
 */
final class ProgressMeter {
  static final Duration INTERVAL = Duration.ofMillis(250);

  private static final Logger log = LoggerFactory.getLogger(ProgressMeter.class);

  private final Clock clock;
  private final ProgressListener listener;
  private final OptionalLong announcedTotal;
  private final Instant start;
  private Instant lastReport;

  ProgressMeter(Clock clock, ProgressListener listener, OptionalLong announcedTotal) {
    this.clock = clock;
    this.listener = listener;
    this.announcedTotal = announcedTotal;
    this.start = clock.instant();
    this.lastReport = start;
  }

  /** Reports when the last report is at least {@link #INTERVAL} old. */
  void update(long bytes) {
    Instant now = clock.instant();
    if (Duration.between(lastReport, now).compareTo(INTERVAL) >= 0) {
      report(bytes, now);
    }
  }

  /** Reports the final count, whenever the last report was. */
  void finish(long bytes) {
    report(bytes, clock.instant());
  }

  private void report(long bytes, Instant now) {
    lastReport = now;
    double seconds = Duration.between(start, now).toNanos() / 1e9;
    OptionalDouble speed =
        seconds > 0 && bytes > 0 ? OptionalDouble.of(bytes / seconds) : OptionalDouble.empty();
    // A server that sends more than it announced must not make the total go below the count.
    OptionalLong total =
        announcedTotal.isPresent()
            ? OptionalLong.of(Math.max(announcedTotal.getAsLong(), bytes))
            : OptionalLong.empty();
    OptionalLong eta = OptionalLong.empty();
    if (total.isPresent() && speed.isPresent()) {
      eta = OptionalLong.of((long) Math.ceil((total.getAsLong() - bytes) / speed.getAsDouble()));
    }
    try {
      listener.onProgress(new DownloadProgress(bytes, total, speed, eta));
    } catch (RuntimeException e) {
      // A broken progress display must not break the download.
      log.warn("progress listener failed: {}", e.toString());
    }
  }
}
