package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.EventType;
import archiver.domain.SourceType;
import archiver.domain.Stage;
import archiver.logging.JobContext;
import archiver.storage.Database;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.slf4j.MDC;

class EventRecorderTest {
  @TempDir Path dir;

  @Test
  void givenEvent_whenRecorded_thenRowHasDataAndTimeAndCallerMdcIsRestored() {
    Database db = Database.open(dir.resolve("e.db"));
    Clock clock = Clock.fixed(Instant.parse("2026-11-25T10:00:00Z"), ZoneOffset.UTC);
    EventRecorder recorder = new EventRecorder(db.events(), clock);
    long jobId = db.jobs().insert(JobStateMachineTestSupport.newJob(), clock.instant(), "{}").id();
    MDC.put("outer", "kept");

    recorder.record(
        JobContext.of(jobId, 1L, 2L, SourceType.YOUTUBE, "youtu.be"),
        Stage.DOWNLOAD,
        EventType.DOWNLOAD_FAILED,
        Map.of("error_type", "HTTP_ERROR", "http_status", 404));

    var last = db.events().lastForJob(jobId, 1).getFirst();
    assertThat(last.type()).isEqualTo(EventType.DOWNLOAD_FAILED);
    assertThat(last.createdAt()).isEqualTo(clock.instant());
    assertThat(last.data()).contains("\"http_status\":404", "\"error_type\":\"HTTP_ERROR\"");
    assertThat(MDC.get("outer")).isEqualTo("kept");
    assertThat(MDC.get("job_id")).isNull();
    MDC.clear();
  }
}
