package archiver.download.http;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import okhttp3.Dns;

/**
 * The only "DNS" a connection gets: the addresses the URL guard resolved and judged for this hop's
 * host, and nothing for any other name. Without it OkHttp would ask the system resolver again, and
 * a hostile name server could answer 127.0.0.1 the second time (DNS rebinding).
 *
 * <p>A record, so that two hops pinned to the same host and addresses are equal: OkHttp keys its
 * connection pool on the {@code Dns} too, and a pooled connection made to a checked address may be
 * reused by a request whose check gave the same answer.
 */
record PinnedDns(String host, List<InetAddress> addresses) implements Dns {

  PinnedDns {
    host = host.toLowerCase(Locale.ROOT);
    addresses = List.copyOf(addresses);
  }

  @Override
  public List<InetAddress> lookup(String hostname) throws UnknownHostException {
    if (hostname.toLowerCase(Locale.ROOT).equals(host) && !addresses.isEmpty()) {
      return addresses;
    }
    throw new UnknownHostException(
        hostname + " was not checked by the URL guard for this request; no connection is made");
  }
}
