package archiver.core.pipeline;

import archiver.core.events.JobEvent;
import archiver.domain.Advice;
import archiver.download.DownloadFailure;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;

/** The fields every pipeline failure event starts with. */
final class FailureFields {

  private FailureFields() {}

  /**
   * A failure's fields, then {@code more}: the tool output tail and the advice only when there are.
   */
  static Map<String, Object> of(DownloadFailure failure, Object... more) {
    Object[] fields = {
      "error_type", failure.type().name(),
      "message", failure.message(),
      "http_status", failure.httpStatus().orElse(null),
      "retry_after_seconds", failure.retryAfter().map(Duration::toSeconds).orElse(null),
      "detail", failure.detail().isEmpty() ? null : failure.detail(),
      "advice", failure.advice().map(Advice::code).orElse(null)
    };
    Object[] all = Arrays.copyOf(fields, fields.length + more.length);
    System.arraycopy(more, 0, all, fields.length, more.length);
    return JobEvent.fields(all);
  }
}
