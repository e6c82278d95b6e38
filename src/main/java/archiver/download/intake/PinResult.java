package archiver.download.intake;

import archiver.domain.RefusalReason;
import java.net.InetAddress;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * What {@link UrlGuard#checkAndPin} says about one URL about to be fetched: refused, or accepted
 * together with the addresses the guard judged, which are the only ones a connection may go to.
 */
public sealed interface PinResult permits PinResult.Pinned, PinResult.Refused {

  /**
   * The URL may be fetched from exactly these addresses.
   *
   * @param uri the URL as it should be fetched (see {@link GuardResult.Accepted})
   * @param addresses what the host resolved to when it was checked; empty when the host is an IP
   *     literal, which needs no lookup
   */
  record Pinned(URI uri, List<InetAddress> addresses) implements PinResult {
    public Pinned {
      Objects.requireNonNull(uri, "uri");
      addresses = List.copyOf(addresses);
    }
  }

  /**
   * The URL must not be fetched.
   *
   * @param detail a short English explanation for operators and logs
   */
  record Refused(RefusalReason reason, String detail) implements PinResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
