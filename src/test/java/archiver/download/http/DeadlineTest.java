package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.testing.MutableClock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import okhttp3.Call;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import org.junit.jupiter.api.Test;

class DeadlineTest {

  private final MutableClock clock = new MutableClock(Instant.parse("2025-01-01T00:00:00Z"));

  @Test
  void givenABudget_whenTimePasses_thenTheRemainderShrinksToZeroAndStaysThere() {
    Deadline deadline = Deadline.in(Duration.ofSeconds(10), clock);

    clock.advance(Duration.ofSeconds(4));
    assertThat(deadline.remaining()).isEqualTo(Duration.ofSeconds(6));
    assertThat(deadline.passed()).isFalse();

    clock.advance(Duration.ofSeconds(7));
    assertThat(deadline.remaining()).isZero();
    assertThat(deadline.passed()).isTrue();
  }

  @Test
  void givenADeadline_whenAppliedToACall_thenTheCallTimeoutIsWhatIsLeft() {
    Deadline deadline = Deadline.in(Duration.ofSeconds(10), clock);
    clock.advance(Duration.ofSeconds(3));
    Call call = new OkHttpClient().newCall(new Request.Builder().url("http://127.0.0.1/").build());

    deadline.applyTo(call);

    assertThat(call.timeout().timeoutNanos()).isEqualTo(TimeUnit.SECONDS.toNanos(7));
  }

  @Test
  void givenAPassedDeadline_whenAppliedToACall_thenTheCallStillGetsATimeoutNotNone() {
    Deadline deadline = Deadline.in(Duration.ofSeconds(1), clock);
    clock.advance(Duration.ofSeconds(5));
    Call call = new OkHttpClient().newCall(new Request.Builder().url("http://127.0.0.1/").build());

    deadline.applyTo(call);

    // OkHttp reads a zero timeout as "none": a passed deadline must not turn into no deadline.
    assertThat(call.timeout().timeoutNanos()).isPositive();
  }

  @Test
  void givenNoBudget_whenMade_thenRefused() {
    assertThatThrownBy(() -> Deadline.in(Duration.ZERO, clock))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
