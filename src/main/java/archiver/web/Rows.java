package archiver.web;

import archiver.domain.AuthProfileState;
import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What the templates show, as text made here: the templates only place and escape it. A value that
 * is absent is {@code null}, which a template's section skips.
 */
final class Rows {

  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

  private Rows() {}

  record JobRow(
      String id,
      String href,
      String status,
      String statusClass,
      String type,
      String quality,
      String source,
      String tries,
      String created,
      String error,
      String label,
      String progress) {}

  record StatusCount(String name, String count, String href) {}

  record FailureRow(String type, String count, String advice, String href) {}

  record ProfileRow(
      String id,
      String source,
      String status,
      String statusClass,
      String failures,
      String lastSuccess,
      String lastFailure,
      String cookieFile) {}

  /** One field of a job; {@code href} only for a link that is http(s). */
  record Field(String name, String value, String href) {}

  record EventRow(String id, String time, String type, String typeClass, String data) {}

  record Option(String value, String label, boolean selected) {}

  static JobRow job(Job j) {
    return new JobRow(
        String.valueOf(j.id()),
        "/jobs/" + j.id(),
        j.status().name(),
        "status-" + j.status().name().toLowerCase(Locale.ROOT),
        j.jobType().name(),
        j.requestedQuality(),
        j.sourceType().name(),
        String.valueOf(j.retryCount()),
        time(j.createdAt()),
        j.errorType() == null ? null : j.errorType().name(),
        j.finalTitle() != null && !j.finalTitle().isBlank() ? j.finalTitle() : j.url(),
        j.status() == JobStatus.RUNNING ? j.progress() : null);
  }

  static List<JobRow> jobs(List<Job> jobs) {
    return jobs.stream().map(Rows::job).toList();
  }

  static ProfileRow profile(AuthProfileState p) {
    return new ProfileRow(
        p.id(),
        p.sourceType().name(),
        p.status().name(),
        "profile-" + p.status().name().toLowerCase(Locale.ROOT),
        String.valueOf(p.failureCountRecent()),
        time(p.lastSuccessAt()),
        time(p.lastFailureAt()),
        p.cookieFilePath());
  }

  static FailureRow failure(ErrorType type, long count) {
    return new FailureRow(
        type.name(),
        String.valueOf(count),
        OperatorAdvice.forType(type),
        "/jobs?status=FAILED&error=" + type.name());
  }

  /** Every field of a job, in the order {@code ./archiver job ID} prints them. */
  static List<Field> fields(Job j) {
    List<Field> f = new ArrayList<>();
    f.add(field("id", j.id()));
    f.add(field("status", j.status()));
    f.add(new Field("url", j.url(), webLink(j.url())));
    f.add(new Field("normalized_url", j.normalizedUrl(), webLink(j.normalizedUrl())));
    f.add(field("media_id", j.mediaId()));
    f.add(field("source_type", j.sourceType()));
    f.add(field("job_type", j.jobType()));
    f.add(field("requested_quality", j.requestedQuality()));
    f.add(field("retry_count", j.retryCount()));
    f.add(field("job_key", j.jobKey()));
    f.add(field("auth_profile_id", j.authProfileId()));
    f.add(field("user_id", j.userId()));
    f.add(field("chat_id", j.chatId()));
    f.add(field("created_at", time(j.createdAt())));
    f.add(field("updated_at", time(j.updatedAt())));
    f.add(field("next_attempt_at", time(j.nextAttemptAt())));
    f.add(field("started_at", time(j.startedAt())));
    f.add(field("final_title", j.finalTitle()));
    f.add(field("file_path", j.filePath()));
    f.add(field("file_size_bytes", j.fileSizeBytes()));
    f.add(field("part_count", j.partCount()));
    f.add(field("archived", j.archived()));
    f.add(field("telegram_file_id", j.telegramFileId()));
    f.add(field("error_type", j.errorType()));
    f.add(field("error_message", j.errorMessage()));
    f.add(field("http_status", j.httpStatus()));
    f.add(field("progress", j.progress()));
    f.add(field("media", j.media()));
    return f;
  }

  static EventRow event(JobEvent e) {
    String type = e.type().name();
    boolean bad =
        type.endsWith("_FAILED")
            || type.equals("ILLEGAL_TRANSITION")
            || type.equals("TRANSITION_LOST");
    return new EventRow(
        String.valueOf(e.id()),
        time(e.createdAt()),
        type,
        bad ? "event-failed" : "event",
        e.data());
  }

  private static Field field(String name, Object value) {
    return new Field(name, value == null ? "-" : String.valueOf(value), null);
  }

  static String time(Instant at) {
    return at == null ? null : TIME.format(at);
  }

  /**
   * A link to follow only when it is http(s): the URL came from a stranger, and {@code javascript:}
   * or {@code data:} in an href would run when clicked. Others are shown as text.
   */
  static String webLink(String url) {
    if (url == null) {
      return null;
    }
    try {
      String scheme = URI.create(url.strip()).getScheme();
      return scheme != null && (scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
          ? url.strip()
          : null;
    } catch (IllegalArgumentException e) {
      return null;
    }
  }

  static String encode(String value) {
    return URLEncoder.encode(value, StandardCharsets.UTF_8);
  }

  static <E extends Enum<E>> List<Option> options(E[] values, E selected) {
    List<Option> options = new ArrayList<>();
    options.add(new Option("", "any", selected == null));
    for (E v : values) {
      options.add(new Option(v.name(), v.name(), v == selected));
    }
    return options;
  }
}
