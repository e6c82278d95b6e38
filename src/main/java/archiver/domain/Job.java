package archiver.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * One media request as stored in {@code jobs} (docs/ARCHITECTURE.md, "Jobs"). Immutable snapshot.
 *
 * <p>{@code media} is the produced file's description as JSON (see core's {@code MediaRecord}), set
 * once the file is validated; a retry delivers that file again instead of fetching it anew. {@code
 * partCount} is how many files (parts) the media is sent as: 1, or more for long media. {@code
 * owner} is the process the job is (or was last) leased to, null before one took it.
 */
public record Job(
    long id,
    String url,
    String normalizedUrl,
    String mediaId,
    SourceType sourceType,
    JobType jobType,
    String requestedQuality,
    JobStatus status,
    int retryCount,
    String jobKey,
    String authProfileId,
    Long userId,
    Long chatId,
    Instant createdAt,
    Instant updatedAt,
    Instant nextAttemptAt,
    Instant startedAt,
    String finalTitle,
    String filePath,
    Long fileSizeBytes,
    boolean archived,
    String telegramFileId,
    ErrorType errorType,
    String errorMessage,
    Integer httpStatus,
    String progress,
    String media,
    int partCount,
    String owner) {

  public Optional<ErrorType> error() {
    return Optional.ofNullable(errorType);
  }

  /** The host of the link, for the {@code url_domain} log field. */
  public String urlDomain() {
    try {
      String host = java.net.URI.create(normalizedUrl).getHost();
      return host == null ? "" : host;
    } catch (IllegalArgumentException e) {
      return "";
    }
  }
}
