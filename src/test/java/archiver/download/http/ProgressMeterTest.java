package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.DownloadProgress;
import archiver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class ProgressMeterTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
  private final List<DownloadProgress> seen = new ArrayList<>();

  @Test
  void givenChunksEvery50ms_whenUpdated_thenReportsAtMostEvery250ms() {
    ProgressMeter meter = new ProgressMeter(clock, seen::add, OptionalLong.of(10_000));
    for (int i = 1; i <= 20; i++) {
      clock.advance(Duration.ofMillis(50));
      meter.update(i * 100L);
    }
    // 1000 ms of updates: reports at 250, 500, 750 and 1000 ms.
    assertThat(seen)
        .extracting(DownloadProgress::downloadedBytes)
        .containsExactly(500L, 1000L, 1500L, 2000L);
  }

  @Test
  void givenKnownTotal_whenReported_thenSpeedAndEtaFromAverage() {
    ProgressMeter meter = new ProgressMeter(clock, seen::add, OptionalLong.of(10_000));
    clock.advance(Duration.ofSeconds(1));
    meter.update(2_000);
    DownloadProgress p = seen.get(0);
    assertThat(p.totalBytes()).hasValue(10_000);
    assertThat(p.speedBytesPerSecond()).hasValue(2_000.0);
    assertThat(p.etaSeconds()).hasValue(4);
    assertThat(p.percent()).hasValue(20);
  }

  @Test
  void givenUnknownTotal_whenReported_thenNoTotalAndNoEta() {
    ProgressMeter meter = new ProgressMeter(clock, seen::add, OptionalLong.empty());
    clock.advance(Duration.ofSeconds(2));
    meter.update(1_000);
    assertThat(seen.get(0).totalBytes()).isEmpty();
    assertThat(seen.get(0).etaSeconds()).isEmpty();
    assertThat(seen.get(0).speedBytesPerSecond()).hasValue(500.0);
  }

  @Test
  void givenFinish_whenSoonAfterAReport_thenStillReportsTheFinalCount() {
    ProgressMeter meter = new ProgressMeter(clock, seen::add, OptionalLong.of(3_000));
    clock.advance(Duration.ofMillis(300));
    meter.update(1_000);
    clock.advance(Duration.ofMillis(10));
    meter.finish(3_000);
    assertThat(seen).extracting(DownloadProgress::downloadedBytes).containsExactly(1_000L, 3_000L);
    assertThat(seen.get(1).etaSeconds()).hasValue(0);
  }

  @Test
  void givenServerSendingMoreThanAnnounced_whenReported_thenTotalNeverBelowCount() {
    ProgressMeter meter = new ProgressMeter(clock, seen::add, OptionalLong.of(1_000));
    clock.advance(Duration.ofSeconds(1));
    meter.update(1_500);
    assertThat(seen.get(0).totalBytes()).hasValue(1_500);
  }

  @Test
  void givenThrowingListener_whenReported_thenDownloadGoesOn() {
    ProgressMeter meter =
        new ProgressMeter(
            clock,
            p -> {
              throw new IllegalStateException("display broke");
            },
            OptionalLong.empty());
    clock.advance(Duration.ofSeconds(1));
    meter.update(10);
    meter.finish(20);
  }
}
