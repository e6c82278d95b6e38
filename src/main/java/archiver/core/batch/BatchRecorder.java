package archiver.core.batch;

import archiver.core.events.EventRecorder;
import archiver.domain.Batch;
import archiver.storage.NewEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The log line of a batch event, written after its {@code batch_events} row: the same name and
 * data, with {@code batch_id}, {@code chat_id} and {@code user_id} in the context.
 */
final class BatchRecorder {

  private static final Logger log = LoggerFactory.getLogger("archiver.events");

  private final EventRecorder events;

  BatchRecorder(EventRecorder events) {
    this.events = events;
  }

  NewEvent row(BatchEvent event) {
    return new NewEvent(event.type(), events.toJson(event.data()));
  }

  void logged(Batch batch, BatchEvent event) {
    java.util.Map<String, String> before = MDC.getCopyOfContextMap();
    try {
      MDC.put("batch_id", Long.toString(batch.id()));
      MDC.put("chat_id", Long.toString(batch.chatId()));
      if (batch.userId() != null) {
        MDC.put("user_id", batch.userId().toString());
      }
      MDC.put("stage", event.stage().name());
      log.atInfo()
          .addKeyValue("event", event.type().name())
          .addKeyValue("data", event.data())
          .log(() -> "batch " + batch.id() + ": " + event.type().name() + " " + event.data());
    } finally {
      if (before == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(before);
      }
    }
  }

  /** The BATCH_ITEM event on the item's job: a row and a log line, as every job event. */
  void onJob(long jobId, BatchEvent.Item item) {
    events.record(jobId, item);
  }
}
