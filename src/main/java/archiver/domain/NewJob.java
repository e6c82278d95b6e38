package archiver.domain;

import java.util.Objects;

/**
 * What is known about a job before it is stored; the store assigns id, status and times. {@code
 * batchId} is the playlist batch that made it, if one did.
 */
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
    Long chatId,
    Long batchId) {

  public NewJob {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(normalizedUrl, "normalizedUrl");
    Objects.requireNonNull(sourceType, "sourceType");
    Objects.requireNonNull(jobType, "jobType");
    Objects.requireNonNull(requestedQuality, "requestedQuality");
    Objects.requireNonNull(jobKey, "jobKey");
  }

  public NewJob(
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
    this(
        url,
        normalizedUrl,
        mediaId,
        sourceType,
        jobType,
        requestedQuality,
        jobKey,
        authProfileId,
        userId,
        chatId,
        null);
  }
}
