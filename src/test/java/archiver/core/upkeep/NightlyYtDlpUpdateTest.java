package archiver.core.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.storage.Database;
import archiver.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class NightlyYtDlpUpdateTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T00:00:00Z"));
  private final AtomicInteger started = new AtomicInteger();
  @TempDir Path dir;
  private Database db;

  @BeforeEach
  void openDatabase() {
    db = Database.open(dir.resolve("state.db"));
  }

  @AfterEach
  void closeDatabase() {
    db.close();
  }

  private NightlyYtDlpUpdate nightly(long seed) {
    return new NightlyYtDlpUpdate(
        started::incrementAndGet, db.upkeepState(), new Random(seed), clock);
  }

  @Test
  void theMinuteIsDrawnOnceBetweenTwoAndFiveAndKeptAcrossRestarts() {
    LocalTime slot = nightly(1).slot();
    assertThat(slot).isBetween(LocalTime.of(2, 0), LocalTime.of(4, 59));
    db.close();
    db = Database.open(dir.resolve("state.db"));
    for (long seed = 2; seed < 20; seed++) {
      assertThat(nightly(seed).slot()).isEqualTo(slot);
    }
  }

  @Test
  void theUpdateStartsOnceADayAtTheSlotAndNotAgainAfterARestart() {
    LocalTime slot = nightly(7).slot();
    int ticks = 0;
    // Minute by minute through two days, with a "restart" (a new instance) every hour.
    NightlyYtDlpUpdate n = nightly(7);
    for (int minute = 0; minute < 2 * 24 * 60; minute++) {
      if (minute % 60 == 0) {
        n = nightly(minute);
      }
      if (n.tick()) {
        ticks++;
        LocalTime at = LocalTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
        assertThat(at).isEqualTo(slot);
      }
      clock.advance(Duration.ofMinutes(1));
    }
    assertThat(ticks).isEqualTo(2);
    assertThat(started).hasValue(2);
  }

  @Test
  void aBotStartedAfterTheNightWaitsForTheNextNight() {
    LocalTime slot = nightly(3).slot();
    clock.advance(Duration.ofHours(5)); // 05:00: the window has closed
    for (int minute = 0; minute < 19 * 60; minute++) {
      assertThat(nightly(3).tick()).isFalse();
      clock.advance(Duration.ofMinutes(1));
    }
    clock.advance(Duration.ofMinutes(slot.getHour() * 60L + slot.getMinute()));
    assertThat(nightly(3).tick()).isTrue();
    assertThat(started).hasValue(1);
  }
}
