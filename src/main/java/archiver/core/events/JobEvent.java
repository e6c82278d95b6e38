package archiver.core.events;

import archiver.domain.EventType;
import archiver.domain.Stage;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One thing that happened to a job, with its data (docs/ARCHITECTURE.md, "Events"). Each kind is a
 * small record that knows its type, its stage and its fields, so no caller assembles a map of event
 * data; {@link EventRecorder} writes it as a {@code job_events} row and a log line.
 */
public interface JobEvent {

  EventType type();

  Stage stage();

  /** The data written to {@code job_events.data_json} and to the log line, in field order. */
  Map<String, ?> data();

  /**
   * The data of an event from alternating names and values, in that order; a null value leaves its
   * name out (an unknown size or a missing HTTP status is absent, not {@code null}).
   */
  static Map<String, Object> fields(Object... namesAndValues) {
    if (namesAndValues.length % 2 != 0) {
      throw new IllegalArgumentException("names and values must come in pairs");
    }
    Map<String, Object> data = new LinkedHashMap<>();
    for (int i = 0; i < namesAndValues.length; i += 2) {
      if (namesAndValues[i + 1] != null) {
        data.put((String) namesAndValues[i], namesAndValues[i + 1]);
      }
    }
    return Collections.unmodifiableMap(data);
  }
}
