package archiver.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.turbo.TurboFilter;
import ch.qos.logback.core.spi.FilterReply;
import org.slf4j.MDC;
import org.slf4j.Marker;

/** Lets DEBUG lines through for the jobs and users in {@link DebugTargets}, and only for them. */
final class DebugTargetFilter extends TurboFilter {
  private final DebugTargets targets;

  DebugTargetFilter(DebugTargets targets) {
    this.targets = targets;
    setName("debug-targets");
  }

  @Override
  public FilterReply decide(
      Marker marker, Logger logger, Level level, String format, Object[] params, Throwable t) {
    if (level == null || level.isGreaterOrEqual(Level.INFO) || targets.isEmpty()) {
      return FilterReply.NEUTRAL;
    }
    if (!logger.getName().startsWith("archiver")) {
      return FilterReply.NEUTRAL;
    }
    return targets.matches(MDC.get(JobLog.JOB_ID), MDC.get(JobLog.USER_ID))
        ? FilterReply.ACCEPT
        : FilterReply.NEUTRAL;
  }
}
