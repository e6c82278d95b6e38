package archiver.logging;

import archiver.domain.Job;
import archiver.domain.SourceType;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The fields every job-related log line carries (docs/ARCHITECTURE.md, "Logging"). Stage, error
 * type and HTTP status are added per line through {@link JobLog}.
 */
public record JobContext(
    long jobId,
    Long userId,
    Long chatId,
    SourceType sourceType,
    String urlDomain,
    String authProfileId,
    String downloaderName,
    String downloaderVersion) {

  /** A job's context as its row knows it; the downloader is added by the stage that runs one. */
  public static JobContext of(Job job) {
    return new JobContext(
        job.id(),
        job.userId(),
        job.chatId(),
        job.sourceType(),
        job.urlDomain(),
        job.authProfileId(),
        null,
        null);
  }

  public static JobContext of(
      long jobId, Long userId, Long chatId, SourceType source, String domain) {
    return new JobContext(jobId, userId, chatId, source, domain, null, null, null);
  }

  public JobContext withAuthProfile(String profileId) {
    return new JobContext(
        jobId, userId, chatId, sourceType, urlDomain, profileId, downloaderName, downloaderVersion);
  }

  public JobContext withDownloader(String name, String version) {
    return new JobContext(
        jobId, userId, chatId, sourceType, urlDomain, authProfileId, name, version);
  }

  /**
   * The MDC form, keys as docs/ARCHITECTURE.md, "Logging" names them; absent values are left out.
   */
  public Map<String, String> fields() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put(JobLog.JOB_ID, Long.toString(jobId));
    putIfPresent(m, JobLog.USER_ID, userId);
    putIfPresent(m, JobLog.CHAT_ID, chatId);
    putIfPresent(m, JobLog.SOURCE_TYPE, sourceType);
    putIfPresent(m, JobLog.URL_DOMAIN, urlDomain);
    putIfPresent(m, JobLog.AUTH_PROFILE_ID, authProfileId);
    putIfPresent(m, JobLog.DOWNLOADER_NAME, downloaderName);
    putIfPresent(m, JobLog.DOWNLOADER_VERSION, downloaderVersion);
    return m;
  }

  private static void putIfPresent(Map<String, String> m, String key, Object value) {
    if (value != null) {
      m.put(key, value.toString());
    }
  }
}
