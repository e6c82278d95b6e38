package archiver.bot;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RateGateTest {

  @Test
  void aCallMayGoOncePerGapAndAskingNeverWaits() {
    MutableClock clock = new MutableClock(Instant.parse("2026-12-01T10:00:00Z"));
    RateGate gate = new RateGate(Duration.ofMillis(50), clock);

    assertThat(gate.tryTake()).isTrue();
    assertThat(gate.tryTake()).isFalse();
    clock.advance(Duration.ofMillis(49));
    assertThat(gate.tryTake()).isFalse();
    clock.advance(Duration.ofMillis(1));
    assertThat(gate.tryTake()).isTrue();
  }
}
