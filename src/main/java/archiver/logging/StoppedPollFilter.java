package archiver.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import java.io.InterruptedIOException;
import org.slf4j.Marker;

/**
 * Drops the ERROR the Telegram library's long poll logs when the bot stops it: closing the poll
 * interrupts the getUpdates call in flight, and {@code BotSession} reports any failed call as
 * "Error received from Telegram GetUpdates Request", although nothing went wrong. Only a call ended
 * by an interruption is dropped; a poll that fails for a real reason is still logged.
 */
public final class StoppedPollFilter extends TurboFilter {

  static final String POLL_LOGGER = "org.telegram.telegrambots.longpolling.BotSession";

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level != Level.ERROR || logger == null || !POLL_LOGGER.equals(logger.getName())) {
      return FilterReply.NEUTRAL;
    }
    // The library passes the exception as the last argument of a formatted message, which
    // logback turns into the event's throwable only after the turbo filters.
    Throwable thrown = t;
    if (thrown == null && params != null && params.length > 0) {
      thrown = params[params.length - 1] instanceof Throwable last ? last : null;
    }
    for (Throwable cause = thrown; cause != null; cause = cause.getCause()) {
      if (cause instanceof InterruptedIOException) {
        return FilterReply.DENY;
      }
    }
    return FilterReply.NEUTRAL;
  }
}
