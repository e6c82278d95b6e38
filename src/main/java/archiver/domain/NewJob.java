package archiver.domain;

import java.util.Objects;

/** What is known about a job before it is stored; the store assigns id, status and times. */
public record NewJob(
    String url,
    String normalizedUrl,
    String mediaId,
    SourceType sourceType,
    JobType jobType,
    String requestedQuality,
    String jobKey,
    String authProfileId,
    Long userId,
    Long chatId) {

  public NewJob {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(normalizedUrl, "normalizedUrl");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(jobType, "jobType");
    Objects.requireNonNull(requestedQuality, "requestedQuality");
    Objects.requireNonNull(jobKey, "jobKey");
  }
}
