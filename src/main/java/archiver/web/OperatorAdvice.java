package archiver.web;

import archiver.domain.ErrorType;

/**
 * What an operator can do about each error type: the "what to do" column of the README's
 * Troubleshooting table, word for word (without its code marks), so the page and the README give
 * the same advice. {@code OperatorAdviceTest} compares the two.
 */
final class OperatorAdvice {

  private OperatorAdvice() {}

  static String forType(ErrorType type) {
    return switch (type) {
      case NETWORK_ERROR ->
          "retried automatically (retries.*); check the server's network if it persists";
      case HTTP_ERROR -> "check the link in a browser";
      case CONTENT_UNAVAILABLE ->
          "nothing: the user is told it is no longer available; not retried, no admin alert";
      case NOT_YET_LIVE ->
          "nothing when it starts within retries.max_live_wait_days: the job waits (event "
              + "WAITING_FOR_START, with starts_at) and is fetched then; otherwise the user is told "
              + "when it starts and sends the link again then";
      case AUTH_ERROR ->
          "add or refresh the cookie file of an auth profile (for members-only, of an account "
              + "that is a member), then /auth reset ID; or send the new cookies.txt to the bot as a"
              + " document captioned /cookies ID, which does both";
      case RATE_LIMIT ->
          "retried after the site's Retry-After; add cookies (an auth profile) or wait";
      case EXTRACTOR_ERROR -> "update yt-dlp; the link may be broken";
      case EXTRACTOR_UPDATE_REQUIRED -> "update yt-dlp (below)";
      case GEO_BLOCK -> "nothing, or cookies / another server";
      case SIZE_LIMIT ->
          "choose a lower quality or audio, raise those limits, or use a self-hosted Bot "
              + "API server (2000 MB a file)";
      case FORMAT_NOT_FOUND -> "another quality";
      case PARSER_ERROR -> "the site changed; report the link";
      case PROTECTED_CONTENT ->
          "cannot be downloaded; a private video only if its owner makes it public or unlisted";
      case UNSUPPORTED_SOURCE ->
          "add the host to security.extra_allowed_domains if it serves direct files";
      case UNKNOWN ->
          "read the job's timeline; the detail of the failed event has the tool's last " + "words";
      case TIMEOUT -> "raise timeouts.* or choose a lower quality";
      case STALE -> "send the link again";
      case CANCELLED -> "";
      case TELEGRAM_ERROR ->
          "retried automatically with the file already made (no second download); the user "
              + "is told Telegram is not answering. If it persists: check telegram.api_base_url, "
              + "your self-hosted Bot API server or proxy, and raise timeouts.upload_seconds for "
              + "large files. The TELEGRAM_SEND_FAILED event has the http_status";
    };
  }
}
