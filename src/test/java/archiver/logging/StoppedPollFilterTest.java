package archiver.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.io.IOException;
import java.io.InterruptedIOException;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A long poll the bot stops itself is not an ERROR; a poll that really fails still is. */
class StoppedPollFilterTest {

  private final LoggerContext context = new LoggerContext();
  private final ListAppender<ILoggingEvent> logged = new ListAppender<>();
  private Logger poll;

  @BeforeEach
  void wire() {
    StoppedPollFilter filter = new StoppedPollFilter();
    filter.start();
    context.addTurboFilter(filter);
    logged.setContext(context);
    logged.start();
    poll = context.getLogger(StoppedPollFilter.POLL_LOGGER);
    poll.addAppender(logged);
  }

  private static Exception pollFailure(Throwable cause) {
    return new RuntimeException("-1", cause);
  }

  @Test
  void theErrorOfAPollInterruptedByTheStopIsDropped() {
    poll.error(
        "Error received from Telegram GetUpdates Request, retrying in {} millis...",
        399,
        pollFailure(new InterruptedIOException("interrupted")));
    poll.error(
        "Error received from Telegram GetUpdates Request",
        pollFailure(new InterruptedIOException("interrupted")));

    assertThat(logged.list).isEmpty();
  }

  @Test
  void aPollThatFailsForAnotherReasonIsStillAnError() {
    poll.error(
        "Error received from Telegram GetUpdates Request, retrying in {} millis...",
        399,
        pollFailure(new IOException("connection refused")));

    assertThat(logged.list).hasSize(1);
  }

  @Test
  void otherLoggersAreLeftAlone() {
    Logger other = context.getLogger("archiver.core.jobs.JobRunner");
    other.addAppender(logged);

    other.error("job 1 crashed", pollFailure(new InterruptedIOException("interrupted")));

    assertThat(logged.list).hasSize(1);
  }
}
