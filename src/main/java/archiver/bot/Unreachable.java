package archiver.bot;

import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import javax.net.ssl.SSLException;

/**
 * The Bot API gave no answer: why, found once in the exception's cause chain, and the one plain
 * sentence that {@code archiver doctor} and {@code archiver run} both print for it. {@code
 * endpoint} is {@code host[:port]}, never the URL (the Bot API's URLs hold the token); {@code
 * detail} is already masked.
 */
public record Unreachable(Cause cause, String endpoint, Duration timeout, String detail)
    implements TokenCheck.Failure {

  /** The causes an operator can act on, each with its own advice. */
  public enum Cause {
    /** The host name does not resolve: no DNS, or no network at all. */
    DNS,
    /** Something listens at the address but refuses: wrong port, or the server is down. */
    REFUSED,
    /** The network has no way to the host: no default route, cable, Wi-Fi, VPN. */
    NO_ROUTE,
    /** Connected (or tried to) and heard nothing in time: a firewall that drops, a dead proxy. */
    TIMEOUT,
    /** The TLS handshake failed: wrong scheme or port, a proxy's certificate, a wrong clock. */
    TLS,
    /** Something answered, but not as the Bot API does. */
    UNREADABLE_ANSWER,
    /** None of the above; {@code detail} says what the library said. */
    OTHER
  }

  /** The sentence for the operator, naming the server and the cause. */
  public String sentence() {
    return switch (cause) {
      case DNS ->
          "cannot reach "
              + endpoint
              + ": the name does not resolve (DNS); check the server's network and DNS settings";
      case REFUSED ->
          endpoint
              + " refused the connection; is telegram.api_base_url right and the Bot API server"
              + " running?";
      case NO_ROUTE ->
          "no network route to "
              + endpoint
              + "; check that this server is online (network connection, routes, firewall)";
      case TIMEOUT ->
          endpoint
              + " did not answer within "
              + seconds(timeout)
              + "; check the server's network, firewall and proxy";
      case TLS ->
          "the TLS handshake with "
              + endpoint
              + " failed ("
              + detail
              + "); check the scheme and port in telegram.api_base_url and the server's clock";
      case UNREADABLE_ANSWER ->
          endpoint
              + " answered, but not as the Bot API does ("
              + detail
              + "); is telegram.api_base_url right?";
      case OTHER -> "cannot reach " + endpoint + ": " + detail;
    };
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? d.toSeconds() + " s" : d.toMillis() + " ms";
  }

  /**
   * The cause of {@code failure}: the deepest exception in its chain that says something precise
   * wins, since libraries wrap the socket's own exception in their more general ones (OkHttp's
   * "Failed to connect to" is a ConnectException around the "Network is unreachable" one).
   */
  public static Cause classify(Throwable failure) {
    Cause found = Cause.OTHER;
    Set<Throwable> seen = new HashSet<>();
    for (Throwable t = failure; t != null && seen.add(t); t = t.getCause()) {
      Cause here = causeOf(t);
      if (here != Cause.OTHER) {
        found = here;
      }
    }
    return found;
  }

  private static Cause causeOf(Throwable t) {
    String message = t.getMessage() == null ? "" : t.getMessage().toLowerCase(Locale.ROOT);
    if (t instanceof UnknownHostException) {
      return Cause.DNS;
    }
    if (t instanceof NoRouteToHostException
        || message.contains("network is unreachable")
        || message.contains("no route to host")) {
      return Cause.NO_ROUTE;
    }
    if (t instanceof InterruptedIOException || message.contains("timed out")) {
      return Cause.TIMEOUT; // SocketTimeoutException, OkHttp's call timeout, ETIMEDOUT
    }
    if (t instanceof ConnectException || message.contains("connection refused")) {
      return Cause.REFUSED;
    }
    if (t instanceof SSLException) {
      return Cause.TLS;
    }
    return Cause.OTHER;
  }
}
