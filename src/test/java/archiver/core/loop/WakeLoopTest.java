package archiver.core.loop;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

class WakeLoopTest {

  private static final long AN_HOUR = Duration.ofHours(1).toMillis();

  @Test
  void aWakeRunsTheNextPassAtOnceThoughTheWaitIsLong() {
    AtomicInteger passes = new AtomicInteger();
    WakeLoop loop =
        new WakeLoop(
            "test-loop", passes::incrementAndGet, () -> AN_HOUR, LoggerFactory.getLogger("t"));
    loop.start();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);

    loop.wake();

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 2);
    loop.stop();
    loop.awaitStopped(5000);
  }

  @Test
  void aPassThatThrowsDoesNotEndTheLoop() {
    AtomicInteger passes = new AtomicInteger();
    Runnable failing =
        () -> {
          passes.incrementAndGet();
          throw new IllegalStateException("database hiccup");
        };
    WakeLoop loop = new WakeLoop("test-loop", failing, () -> 10, LoggerFactory.getLogger("t"));
    loop.start();

    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() >= 3);
    loop.stop();
    loop.awaitStopped(5000);
  }

  @Test
  void afterStopNoPassRuns() {
    AtomicInteger passes = new AtomicInteger();
    WakeLoop loop =
        new WakeLoop(
            "test-loop", passes::incrementAndGet, () -> AN_HOUR, LoggerFactory.getLogger("t"));
    loop.start();
    Awaitility.await().atMost(Duration.ofSeconds(5)).until(() -> passes.get() == 1);

    loop.stop();
    loop.awaitStopped(5000);
    loop.wake();

    Awaitility.await().during(Duration.ofMillis(300)).until(() -> passes.get() == 1);
  }
}
