package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import archiver.download.ErrorClassifier;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import okio.Buffer;
import okio.BufferedSource;
import org.jsoup.Jsoup;

/**
 * An answer whose status is neither 2xx nor a redirect, as the server sent it. The status code
 * decides the error type; only a 401 or 403 page is read for what it asks ("please sign in", "not
 * in your country", "too many requests"): a 404 page's "Log in" menu link must not make it an auth
 * error.
 *
 * @param asksForCredentials the answer carried {@code WWW-Authenticate}
 * @param retryAfter the raw {@code Retry-After} header
 * @param page the start of the error page as plain text, for the detail and the 401/403 reading
 */
record ErrorResponse(
    URI uri, int status, boolean asksForCredentials, Optional<String> retryAfter, String page) {

  /** How much of an error page is read, and for how long at most. */
  static final int PAGE_BYTES = 4096;

  static final Duration PAGE_TIME = Duration.ofSeconds(2);

  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(402, "Payment Required"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(408, "Request Timeout"),
          Map.entry(410, "Gone"),
          Map.entry(413, "Content Too Large"),
          Map.entry(416, "Range Not Satisfiable"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(451, "Unavailable For Legal Reasons"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(501, "Not Implemented"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  /** Reads the status, the headers that matter and the start of the page; closes nothing. */
  static ErrorResponse read(OpenResponse answer, Deadline deadline) throws InterruptedException {
    return new ErrorResponse(
        answer.uri(),
        answer.status(),
        answer.header("WWW-Authenticate").isPresent(),
        answer.header("Retry-After"),
        pageText(answer, deadline));
  }

  ErrorType type() {
    return switch (status) {
      case 429 -> ErrorType.RATE_LIMIT;
      case 401, 403 -> whatThePageAsks();
      case 413 -> ErrorType.SIZE_LIMIT;
      case 451 -> ErrorType.GEO_BLOCK;
      default -> ErrorType.HTTP_ERROR;
    };
  }

  /** "HTTP Error 404: Not Found", yt-dlp's wording, which users and logs already know. */
  String message() {
    String message = "HTTP Error " + status + ": " + REASONS.getOrDefault(status, "error");
    ErrorType type = type();
    if (status == 403 && type == ErrorType.AUTH_ERROR) {
      message += " (the site asks to sign in)";
    } else if (type == ErrorType.PROTECTED_CONTENT) {
      message += " (the site says it is private)";
    }
    return message;
  }

  DownloadFailure failure(Instant now) {
    DownloadFailure failure =
        new DownloadFailure(
            type(),
            message(),
            Optional.of(status),
            Optional.empty(),
            uri.getScheme()
                + "://"
                + uri.getHost()
                + uri.getRawPath()
                + " answered "
                + status
                + (page.isEmpty() ? "" : "\n" + page));
    if (retryAfter.isPresent() && (status == 429 || status == 503)) {
      Optional<Duration> delay = RetryAfter.parse(retryAfter.get(), now);
      if (delay.isPresent()) {
        failure = failure.withRetryAfter(delay.get());
      }
    }
    return failure;
  }

  /** A 401/403 is an auth error when it asks for credentials or its page asks to sign in. */
  private ErrorType whatThePageAsks() {
    if (asksForCredentials) {
      return ErrorType.AUTH_ERROR;
    }
    // The server's own words, classified as yt-dlp's are; only what a refusal page can mean counts.
    ErrorType said = ErrorClassifier.classify(page);
    if (said == ErrorType.AUTH_ERROR
        || said == ErrorType.RATE_LIMIT
        || said == ErrorType.GEO_BLOCK
        || said == ErrorType.PROTECTED_CONTENT) {
      return said;
    }
    return status == 401 ? ErrorType.AUTH_ERROR : ErrorType.HTTP_ERROR;
  }

  /** The start of the error page as plain text; empty when it cannot be read quickly. */
  private static String pageText(OpenResponse answer, Deadline deadline)
      throws InterruptedException {
    Duration budget = min(PAGE_TIME, deadline.remaining());
    Buffer read = new Buffer();
    if (!budget.isZero()) {
      BufferedSource body = answer.body();
      body.timeout().deadline(budget.toMillis(), TimeUnit.MILLISECONDS);
      try {
        while (read.size() < PAGE_BYTES && body.read(read, PAGE_BYTES - read.size()) != -1) {
          // keep reading
        }
      } catch (IOException e) {
        // What arrived is enough; the status decides anyway.
      }
    }
    HttpFailure.throwIfInterrupted();
    Optional<String> type = answer.contentType();
    String text =
        read.readString(type.flatMap(ResponseHeaders::charsetOf).orElse(StandardCharsets.UTF_8));
    if (MediaTypes.isHtml(MediaTypes.baseType(type.orElse(null)))) {
      text = Jsoup.parse(text).text();
    }
    return text.strip();
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
