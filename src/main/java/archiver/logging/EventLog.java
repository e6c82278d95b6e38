package archiver.logging;

import archiver.domain.EventType;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.MDC;
import org.slf4j.event.Level;
import org.slf4j.spi.LoggingEventBuilder;

/** Writes the log line of a job event, with the event name and its data in {@code context}. */
public final class EventLog {
  private EventLog() {}

  public static void write(
      Logger log, Level level, long jobId, EventType type, Map<String, ?> data) {
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    LoggingEventBuilder line = log.atLevel(level).addKeyValue(JobLog.EVENT, type.name());
    // A failure's type and status go at the top of context too (README, "Logs"): an operator
    // filters on context.error_type, whatever event said it. The scope's own, when set, stay.
    for (String key : List.of(JobLog.ERROR_TYPE, JobLog.HTTP_STATUS)) {
      Object value = data == null ? null : data.get(key);
      if (value != null && MDC.get(key) == null) {
        line = line.addKeyValue(key, value.toString());
      }
    }
    line.addKeyValue("data", data).log(() -> "job " + jobId + ": " + type.name() + " " + data);
  }
}
