package archiver.core.upkeep;

import archiver.domain.ErrorType;
import archiver.download.tools.ToolProbe;
import archiver.download.tools.ToolVersion;
import archiver.storage.UpkeepStateRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the admins aware of yt-dlp's age: a warning once a day while it is older than 90 days, and
 * when a job fails because yt-dlp needs an update (at most once a day each, so a broken site does
 * not flood them). When each was last sent is stored, so a restart does not send it again.
 */
public final class YtDlpWatch {

  public static final long MAX_AGE_DAYS = ToolProbe.YT_DLP_MAX_AGE_DAYS;
  static final Duration QUIET_PERIOD = Duration.ofDays(1);

  private static final Logger log = LoggerFactory.getLogger(YtDlpWatch.class);

  private final Supplier<ToolVersion> version;
  private final Consumer<AdminAlert> notify;
  private final Clock clock;
  private final UpkeepStateRepository state;

  public YtDlpWatch(
      Supplier<ToolVersion> version,
      Consumer<AdminAlert> notify,
      UpkeepStateRepository state,
      Clock clock) {
    this.version = version;
    this.notify = notify;
    this.state = state;
    this.clock = clock;
  }

  /** The daily check; returns whether an alert was sent. */
  public boolean checkAge() {
    ToolVersion v = version.get();
    if (v.version().isEmpty()) {
      log.warn("yt-dlp was not found: {}", v.problem().orElse("?"));
      return false;
    }
    long age = v.ageInDays(clock).orElse(0L);
    if (age <= MAX_AGE_DAYS) {
      return false;
    }
    log.warn("yt-dlp {} is {} days old; sites change often: update it", v.version().get(), age);
    return send(new AdminAlert.YtDlpOld(v.version().get(), age));
  }

  /** Called for every failed job; only EXTRACTOR_UPDATE_REQUIRED alerts. */
  public boolean jobFailed(long jobId, ErrorType type) {
    return type == ErrorType.EXTRACTOR_UPDATE_REQUIRED
        && send(new AdminAlert.ExtractorUpdateRequired(jobId));
  }

  private synchronized boolean send(AdminAlert alert) {
    Instant now = clock.instant();
    String key = "alert." + alert.getClass().getSimpleName() + ".sent_at";
    Optional<Instant> previous = state.get(key).map(v -> Instant.ofEpochMilli(Long.parseLong(v)));
    if (previous.isPresent() && Duration.between(previous.get(), now).compareTo(QUIET_PERIOD) < 0) {
      return false;
    }
    state.put(key, Long.toString(now.toEpochMilli()), now);
    try {
      notify.accept(alert);
    } catch (RuntimeException e) {
      log.warn("could not alert the admins: {}", e.toString());
    }
    return true;
  }
}
