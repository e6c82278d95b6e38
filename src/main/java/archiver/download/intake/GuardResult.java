package archiver.download.intake;

import archiver.domain.RefusalReason;
import java.net.URI;
import java.util.Objects;

/**
 * What {@link UrlGuard} says about one link: accepted as a parsed URI, or refused with a reason.
 */
public sealed interface GuardResult permits GuardResult.Accepted, GuardResult.Refused {

  /**
   * The link passed: https (or http where allowed), a host, no user-info, no local address.
   *
   * @param uri the link as it should be fetched (scheme added or upgraded, host in IDNA ASCII)
   */
  record Accepted(URI uri) implements GuardResult {
    public Accepted {
      Objects.requireNonNull(uri, "uri");
    }
  }

  /**
   * The link must not be fetched.
   *
   * @param detail a short English explanation for operators and logs
   */
  record Refused(RefusalReason reason, String detail) implements GuardResult {
    public Refused {
      Objects.requireNonNull(reason, "reason");
      Objects.requireNonNull(detail, "detail");
    }
  }
}
