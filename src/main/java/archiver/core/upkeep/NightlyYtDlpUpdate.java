package archiver.core.upkeep;

import archiver.storage.UpkeepStateRepository;
import java.time.Clock;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.random.RandomGenerator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code ytdlp.auto_update: daily}: starts {@link YtDlpUpdate#start} once a day at this
 * installation's minute between 02:00 and 05:00 UTC. The minute is drawn once and stored, so
 * restarts do not move it and many installations do not all ask GitHub or PyPI at the same moment;
 * the day of the last run is stored too, so a restart in the window does not update twice.
 */
public final class NightlyYtDlpUpdate {

  static final LocalTime WINDOW_START = LocalTime.of(2, 0);
  static final int WINDOW_MINUTES = 180;
  static final String MINUTE_KEY = "ytdlp.update_minute";
  static final String DAY_KEY = "ytdlp.updated_on";

  private static final Logger log = LoggerFactory.getLogger(NightlyYtDlpUpdate.class);

  private final Runnable startUpdate;
  private final UpkeepStateRepository state;
  private final RandomGenerator random;
  private final Clock clock;

  /**
   * @param startUpdate starts the update in the background ({@code () -> update.start("nightly")})
   */
  public NightlyYtDlpUpdate(
      Runnable startUpdate, UpkeepStateRepository state, RandomGenerator random, Clock clock) {
    this.startUpdate = startUpdate;
    this.state = state;
    this.random = random;
    this.clock = clock;
  }

  /** This installation's time of day for the update (UTC). */
  public LocalTime slot() {
    String drawn = Integer.toString(random.nextInt(WINDOW_MINUTES));
    int minute = Integer.parseInt(state.putIfAbsent(MINUTE_KEY, drawn, clock.instant()));
    return WINDOW_START.plusMinutes(minute);
  }

  /**
   * Called every minute: starts the update when the slot has come today and it has not run today.
   * Outside the window (the bot was down at night) it waits for the next night.
   */
  public boolean tick() {
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalTime slot = slot();
    LocalTime end = WINDOW_START.plusMinutes(WINDOW_MINUTES);
    if (now.toLocalTime().isBefore(slot) || !now.toLocalTime().isBefore(end)) {
      return false;
    }
    LocalDate today = now.toLocalDate();
    if (state.get(DAY_KEY).map(today.toString()::equals).orElse(false)) {
      return false;
    }
    // Marked first: an update that fails is not tried again every minute.
    state.put(DAY_KEY, today.toString(), clock.instant());
    log.info("nightly yt-dlp update ({} UTC) starting", slot);
    startUpdate.run();
    return true;
  }
}
