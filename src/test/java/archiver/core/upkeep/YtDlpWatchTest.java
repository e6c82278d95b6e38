package archiver.core.upkeep;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.download.tools.ToolVersion;
import archiver.storage.Database;
import archiver.testing.MutableClock;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class YtDlpWatchTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-11-25T10:00:00Z"));
  private final List<AdminAlert> sent = new ArrayList<>();
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

  private YtDlpWatch watch(String version) {
    return new YtDlpWatch(
        () -> new ToolVersion("yt-dlp", "yt-dlp", Optional.ofNullable(version), Optional.empty()),
        sent::add,
        db.upkeepState(),
        clock);
  }

  @Test
  void givenYtDlpOlderThan90Days_thenAdminsHearOnceADay() {
    YtDlpWatch w = watch("2026.08.01");
    assertThat(w.checkAge()).isTrue();
    assertThat(sent).containsExactly(new AdminAlert.YtDlpOld("2026.08.01", 116));
    clock.advance(Duration.ofHours(23));
    assertThat(w.checkAge()).isFalse();
    clock.advance(Duration.ofHours(1));
    assertThat(w.checkAge()).isTrue();
    assertThat(sent).hasSize(2);
  }

  @Test
  void givenYtDlpOlderThan90Days_thenTwoRestartsInOneDaySendTheAlertOnce() {
    assertThat(watch("2026.08.01").checkAge()).isTrue();
    db.close();
    clock.advance(Duration.ofHours(2));
    db = Database.open(dir.resolve("state.db"));
    assertThat(watch("2026.08.01").checkAge()).isFalse();
    db.close();
    clock.advance(Duration.ofHours(20));
    db = Database.open(dir.resolve("state.db"));
    assertThat(watch("2026.08.01").checkAge()).isFalse();
    assertThat(sent).hasSize(1);
    clock.advance(Duration.ofHours(2));
    assertThat(watch("2026.08.01").checkAge()).isTrue();
    assertThat(sent).hasSize(2);
  }

  @Test
  void givenRecentYtDlp_thenNothingIsSent() {
    assertThat(watch("2026.11.01").checkAge()).isFalse();
    assertThat(watch(null).checkAge()).isFalse();
    assertThat(sent).isEmpty();
  }

  @Test
  void givenExtractorUpdateRequired_thenAdminsHearAtMostOnceADay() {
    YtDlpWatch w = watch("2026.11.01");
    assertThat(w.jobFailed(7, ErrorType.NETWORK_ERROR)).isFalse();
    assertThat(w.jobFailed(8, ErrorType.EXTRACTOR_UPDATE_REQUIRED)).isTrue();
    assertThat(w.jobFailed(9, ErrorType.EXTRACTOR_UPDATE_REQUIRED)).isFalse();
    assertThat(sent).containsExactly(new AdminAlert.ExtractorUpdateRequired(8));
    clock.advance(Duration.ofDays(1));
    assertThat(w.jobFailed(10, ErrorType.EXTRACTOR_UPDATE_REQUIRED)).isTrue();
  }
}
