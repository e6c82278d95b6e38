package archiver.core.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.core.delivery.DeliveryEvent;
import archiver.core.delivery.Piece;
import archiver.core.jobs.JobStateMachineTestSupport;
import archiver.domain.EventType;
import archiver.domain.SourceType;
import archiver.domain.Stage;
import archiver.logging.JobContext;
import archiver.storage.Database;
import archiver.storage.NewEvent;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

class EventRecorderTest {
  @TempDir Path dir;

  /** Any event at all: what the recorder does does not depend on the kind. */
  private record AnyEvent(Stage stage, EventType type, Map<String, ?> data) implements JobEvent {}

  @Test
  void givenEvent_whenRecorded_thenRowHasDataAndTimeAndCallerMdcIsRestored() {
    Database db = archiver.testing.TestDatabases.fresh(dir);
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    EventRecorder recorder = new EventRecorder(db.events(), clock);
    long jobId = db.jobs().insert(JobStateMachineTestSupport.newJob(), clock.instant(), "{}").id();
    MDC.put("outer", "kept");

    recorder.record(
        JobContext.of(jobId, 1L, 2L, SourceType.YOUTUBE, "youtu.be"),
        new AnyEvent(
            Stage.DOWNLOAD,
            EventType.DOWNLOAD_FAILED,
            Map.of("error_type", "HTTP_ERROR", "http_status", 404)));

    var last = db.events().lastForJob(jobId, 1).getFirst();
    assertThat(last.type()).isEqualTo(EventType.DOWNLOAD_FAILED);
    assertThat(last.createdAt()).isEqualTo(clock.instant());
    assertThat(last.data()).contains("\"http_status\":404", "\"error_type\":\"HTTP_ERROR\"");
    assertThat(MDC.get("outer")).isEqualTo("kept");
    assertThat(MDC.get("job_id")).isNull();
    MDC.clear();
  }

  @Test
  void eventsWrittenWithAChangeAreHandedToTheStoreAsRowsAndLoggedOnlyAfterIt() {
    EventRecorder recorder = new EventRecorder(null, Clock.systemUTC());
    var event = new DeliveryEvent.TelegramSendStarted(7, Piece.ONLY, DeliveryEvent.Via.UPLOAD, 10);
    List<String> seen = new ArrayList<>();
    ListAppender<ILoggingEvent> log = capture();
    try {
      recorder.writeWith(
          1,
          List.of(event),
          rows -> {
            assertThat(log.list).as("nothing logged before the store committed").isEmpty();
            rows.forEach(r -> seen.add(r.type() + " " + r.dataJson()));
            return null;
          });

      assertThat(seen)
          .containsExactly(
              "TELEGRAM_SEND_STARTED {\"chat_id\":7,\"via\":\"upload\",\"size_bytes\":10}");
      assertThat(log.list)
          .singleElement()
          .satisfies(
              e -> assertThat(e.getFormattedMessage()).startsWith("job 1: TELEGRAM_SEND_STARTED"));
    } finally {
      release(log);
    }
  }

  @Test
  void eventsOfAChangeThatFailedAreNotLogged() {
    EventRecorder recorder = new EventRecorder(null, Clock.systemUTC());
    ListAppender<ILoggingEvent> log = capture();
    try {
      assertThatThrownBy(
              () ->
                  recorder.writeWith(
                      1,
                      List.of(new DeliveryEvent.NothingSent(7)),
                      rows -> {
                        throw new IllegalStateException("the transaction rolled back");
                      }))
          .isInstanceOf(IllegalStateException.class);
      assertThat(log.list).isEmpty();
    } finally {
      release(log);
    }
  }

  @Test
  void eventsATransactionWroteAreLoggedAfterItReturnsAndNotAtAllIfItThrows() {
    EventRecorder recorder = new EventRecorder(null, Clock.systemUTC());
    JobContext job = JobContext.of(3, 1L, 2L, SourceType.YOUTUBE, "youtu.be");
    ListAppender<ILoggingEvent> log = capture();
    try {
      List<NewEvent> rows =
          recorder.afterCommit(
              written -> {
                List<NewEvent> made = written.rows(job, List.of(new DeliveryEvent.NothingSent(7)));
                assertThat(log.list).as("nothing logged inside the transaction").isEmpty();
                return made;
              });

      assertThat(rows).extracting(NewEvent::type).containsExactly(EventType.TELEGRAM_SEND_FINISHED);
      assertThat(log.list)
          .singleElement()
          .satisfies(e -> assertThat(e.getMDCPropertyMap()).containsEntry("job_id", "3"));

      log.list.clear();
      assertThatThrownBy(
              () ->
                  recorder.afterCommit(
                      written -> {
                        written.rows(job, List.of(new DeliveryEvent.NothingSent(7)));
                        throw new IllegalStateException("the transaction rolled back");
                      }))
          .isInstanceOf(IllegalStateException.class);
      assertThat(log.list).isEmpty();
    } finally {
      release(log);
    }
  }

  private static ListAppender<ILoggingEvent> capture() {
    ListAppender<ILoggingEvent> appender = new ListAppender<>();
    appender.start();
    ((Logger) LoggerFactory.getLogger("archiver.events")).addAppender(appender);
    return appender;
  }

  private static void release(ListAppender<ILoggingEvent> appender) {
    ((Logger) LoggerFactory.getLogger("archiver.events")).detachAppender(appender);
  }
}
