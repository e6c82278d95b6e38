package archiver.logging;

import archiver.domain.ErrorType;
import archiver.domain.Stage;
import java.util.Map;
import org.slf4j.MDC;

/**
 * Puts a job's context into the logging MDC for the current thread, so every line logged inside the
 * scope carries it; closing the scope restores what was there before.
 *
 * <pre>{@code
 * try (JobLog.Scope s = JobLog.open(ctx, Stage.WORKER)) { log.info("download started"); }
 * }</pre>
 */
public final class JobLog {

  public static final String JOB_ID = "job_id";
  public static final String USER_ID = "user_id";
  public static final String CHAT_ID = "chat_id";
  public static final String SOURCE_TYPE = "source_type";
  public static final String STAGE = "stage";
  public static final String URL_DOMAIN = "url_domain";
  public static final String AUTH_PROFILE_ID = "auth_profile_id";
  public static final String DOWNLOADER_NAME = "downloader_name";
  public static final String DOWNLOADER_VERSION = "downloader_version";
  public static final String ERROR_TYPE = "error_type";
  public static final String HTTP_STATUS = "http_status";
  public static final String EVENT = "event";

  private JobLog() {}

  public static Scope open(JobContext context, Stage stage) {
    Scope scope = new Scope(MDC.getCopyOfContextMap());
    for (Map.Entry<String, String> e : context.fields().entrySet()) {
      MDC.put(e.getKey(), e.getValue());
    }
    MDC.put(STAGE, stage.name());
    return scope;
  }

  /** A scope for a line that is about a job but has only its id at hand. */
  public static Scope open(long jobId, Stage stage) {
    Scope scope = new Scope(MDC.getCopyOfContextMap());
    MDC.put(JOB_ID, Long.toString(jobId));
    MDC.put(STAGE, stage.name());
    return scope;
  }

  /** The chat the line is about, when it is not the job's own (a requester served by fan-out). */
  public static void chat(long chatId) {
    MDC.put(CHAT_ID, Long.toString(chatId));
  }

  /** Adds the error fields to the current scope. */
  public static void error(ErrorType type, Integer httpStatus) {
    if (type != null) {
      MDC.put(ERROR_TYPE, type.name());
    }
    if (httpStatus != null) {
      MDC.put(HTTP_STATUS, httpStatus.toString());
    }
  }

  /** Restores the MDC of before {@code open}. */
  public static final class Scope implements AutoCloseable {
    private final Map<String, String> previous;

    private Scope(Map<String, String> previous) {
      this.previous = previous;
    }

    @Override
    public void close() {
      if (previous == null) {
        MDC.clear();
      } else {
        MDC.setContextMap(previous);
      }
    }
  }
}
