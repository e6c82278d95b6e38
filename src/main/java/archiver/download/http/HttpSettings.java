package archiver.download.http;

import java.time.Duration;
import java.util.Objects;

/**
 * How {@link GuardedHttp} talks to servers.
 *
 * @param connectTimeout how long a TCP + TLS connect may take
 * @param requestTimeout how long a server may take to send its response headers, and the whole
 *     budget of small requests (HEAD, a page, a JSON document)
 * @param userAgent sent with every request
 * @param maxRedirects redirects followed per request; each hop passes the URL guard again
 */
public record HttpSettings(
    Duration connectTimeout, Duration requestTimeout, String userAgent, int maxRedirects) {

  public static final String DEFAULT_USER_AGENT =
      "media-archiver/0.1 (self-hosted Telegram media archiver)";

  public HttpSettings {
    requirePositive(connectTimeout, "connectTimeout");
    requirePositive(requestTimeout, "requestTimeout");
    Objects.requireNonNull(userAgent, "userAgent");
    if (userAgent.isBlank() || userAgent.chars().anyMatch(c -> c < 0x20 || c == 0x7f)) {
      throw new IllegalArgumentException("userAgent must be printable text");
    }
    if (maxRedirects < 0 || maxRedirects > 20) {
      throw new IllegalArgumentException("maxRedirects must be 0-20, was " + maxRedirects);
    }
  }

  /** 10 s to connect, 30 s for headers and small documents, 5 redirects. */
  public static HttpSettings defaults() {
    return new HttpSettings(Duration.ofSeconds(10), Duration.ofSeconds(30), DEFAULT_USER_AGENT, 5);
  }

  private static void requirePositive(Duration d, String name) {
    Objects.requireNonNull(d, name);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(name + " must be positive");
    }
  }
}
