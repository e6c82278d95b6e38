package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.domain.RefusalReason;
import archiver.download.intake.PinResult;
import archiver.download.intake.UrlGuard;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows redirects by hand (docs/ARCHITECTURE.md, "URL safety"): the first URL and every {@code
 * Location} pass {@link UrlGuard#checkAndPin} before a connection is made, each hop connects only
 * to the addresses its check resolved, and after {@code maxRedirects} redirects the request fails.
 */
final class RedirectFollower {

  /** Sends one request to one checked URL; {@link PinnedHop} over the network, fakes in tests. */
  @FunctionalInterface
  interface Hop {
    OpenResponse send(
        String method, PinResult.Pinned target, Map<String, String> headers, Deadline deadline)
        throws HttpFailure, InterruptedException;
  }

  private static final Logger log = LoggerFactory.getLogger(RedirectFollower.class);

  private final UrlGuard guard;
  private final int maxRedirects;
  private final Hop hop;

  RedirectFollower(UrlGuard guard, int maxRedirects, Hop hop) {
    this.guard = guard;
    this.maxRedirects = maxRedirects;
    this.hop = hop;
  }

  /** The first answer that is not a redirect, whatever its status; the caller closes it. */
  OpenResponse follow(String method, URI start, Map<String, String> headers, Deadline deadline)
      throws HttpFailure, InterruptedException {
    URI current = start;
    for (int hops = 0; ; hops++) {
      PinResult.Pinned target = guarded(current, hops);
      if (deadline.passed()) {
        throw HttpFailure.of(
            ErrorType.TIMEOUT, "ran out of time before " + target.uri().getHost() + " answered");
      }
      OpenResponse answer = hop.send(method, target, headers, deadline);
      if (!isRedirect(answer.status())) {
        return answer;
      }
      try (answer) {
        current = nextHop(target.uri(), answer.status(), answer.header("Location"), hops);
      }
      log.debug(
          "{} {} redirected ({}) to {}",
          method,
          target.uri().getHost(),
          answer.status(),
          current.getHost());
    }
  }

  /** The guard's verdict on one URL; hop 0 is the URL asked for, later hops are redirects. */
  private PinResult.Pinned guarded(URI uri, int hops) throws HttpFailure {
    return switch (guard.checkAndPin(uri)) {
      case PinResult.Pinned pinned ->
          new PinResult.Pinned(withoutFragment(pinned.uri()), pinned.addresses());
      case PinResult.Refused refused -> {
        ErrorType type =
            refused.reason() == RefusalReason.UNRESOLVABLE
                ? ErrorType.NETWORK_ERROR
                : ErrorType.UNSUPPORTED_SOURCE;
        String what =
            hops == 0 ? "refused to fetch the link" : "refused a redirect (hop " + hops + ")";
        throw HttpFailure.of(type, what + ": " + refused.detail());
      }
    };
  }

  private URI nextHop(URI from, int status, Optional<String> location, int hops)
      throws HttpFailure {
    if (location.isEmpty() || location.get().isBlank()) {
      throw HttpFailure.of(
          ErrorType.HTTP_ERROR, "HTTP Error " + status + ": redirect without a Location");
    }
    if (hops >= maxRedirects) {
      throw HttpFailure.of(ErrorType.HTTP_ERROR, "more than " + maxRedirects + " redirects");
    }
    Optional<URI> relative = RemoteNames.lenientUri(location.get().strip());
    if (relative.isEmpty()) {
      throw HttpFailure.of(ErrorType.HTTP_ERROR, "a redirect to an unreadable Location");
    }
    return from.resolve(relative.get());
  }

  static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  private static URI withoutFragment(URI uri) {
    if (uri.getRawFragment() == null) {
      return uri;
    }
    String s = uri.toString();
    try {
      return new URI(s.substring(0, s.indexOf('#')));
    } catch (URISyntaxException e) {
      return uri;
    }
  }
}
