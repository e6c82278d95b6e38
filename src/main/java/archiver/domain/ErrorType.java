package archiver.domain;

/**
 * Why a job or a stage failed (docs/ARCHITECTURE.md, "Errors and retries"). Every failure carries
 * exactly one of these.
 */
public enum ErrorType {
  NETWORK_ERROR,
  HTTP_ERROR,
  AUTH_ERROR,
  RATE_LIMIT,
  EXTRACTOR_ERROR,
  EXTRACTOR_UPDATE_REQUIRED,
  GEO_BLOCK,
  SIZE_LIMIT,
  FORMAT_NOT_FOUND,
  PARSER_ERROR,
  /**
   * DRM, or a private video: only accounts its owner shared it with may open it. Not an auth error,
   * because no cookie profile of the bot has been granted access, and an auth error would count
   * against a healthy profile (docs/ARCHITECTURE.md, "Auth profiles").
   */
  PROTECTED_CONTENT,
  /**
   * The site says the media is gone or blocked for everyone: removed by the uploader or for a
   * policy, the account terminated, blocked worldwide on copyright grounds, deleted, "Video
   * unavailable". Nothing will change by trying again or updating yt-dlp, so no retry and no admin
   * alert. A bare HTTP 404 or 410 stays {@link #HTTP_ERROR}: it may be a mistyped link.
   */
  CONTENT_UNAVAILABLE,
  /**
   * A live event or premiere that has not started: it will exist later, not now. Not retryable by
   * the back-off; when yt-dlp says when it starts ({@code archiver.download.LiveStart}), the
   * failure carries the wait as its retry-after.
   */
  NOT_YET_LIVE,
  UNSUPPORTED_SOURCE,
  UNKNOWN,
  /** A stage or the whole job ran longer than its configured timeout. */
  TIMEOUT,
  /** The job was found RUNNING after a restart and had no retries left. */
  STALE,
  /** The owner or an admin cancelled the job. */
  CANCELLED,
  /**
   * The Bot API did not answer a send as it should: a 5xx, an HTML or unreadable body, a reset or a
   * timeout. Telegram's fault, not the site's: retried from the file already made.
   */
  TELEGRAM_ERROR;

  /**
   * Only transient failures are worth another attempt (docs/ARCHITECTURE.md, "Errors and retries").
   */
  public boolean isRetryable() {
    return this == NETWORK_ERROR || this == RATE_LIMIT || this == TELEGRAM_ERROR;
  }
}
