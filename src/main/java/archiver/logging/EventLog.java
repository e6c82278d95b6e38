package archiver.logging;

import archiver.domain.EventType;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.event.Level;

/** Writes the log line of a job event, with the event name and its data in {@code context}. */
public final class EventLog {
  private EventLog() {}

  public static void write(
      Logger log, Level level, long jobId, EventType type, Map<String, ?> data) {
    if (!log.isEnabledForLevel(level)) {
      return;
    }
    log.atLevel(level)
        .addKeyValue(JobLog.EVENT, type.name())
        .addKeyValue("data", data)
        .log(() -> "job " + jobId + ": " + type.name() + " " + data);
  }
}
