package archiver.download.http;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketAddress;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import javax.net.SocketFactory;

/**
 * A socket factory for OkHttp that records where every connection attempt goes, so a test can
 * assert where a client connected, not only what a server saw. Connections to 127.0.0.1 are made
 * for real (when allowed); every other address is refused at once, so no test sends a packet to a
 * public address.
 */
final class RecordingSockets extends SocketFactory {

  /** What happens to an attempt the factory does not let through. */
  enum Otherwise {
    REFUSE,
    TIME_OUT
  }

  /** One connection attempt: where to, and the connect timeout OkHttp gave. */
  record Attempt(InetSocketAddress address, int timeoutMillis) {}

  private final boolean loopbackThrough;
  private final Otherwise otherwise;
  private final List<Attempt> attempts = new CopyOnWriteArrayList<>();

  private RecordingSockets(boolean loopbackThrough, Otherwise otherwise) {
    this.loopbackThrough = loopbackThrough;
    this.otherwise = otherwise;
  }

  /** Loopback connects, anything else is refused. */
  static RecordingSockets loopbackOnly() {
    return new RecordingSockets(true, Otherwise.REFUSE);
  }

  /** Every connect times out at once, as a black-holed address would after the timeout. */
  static RecordingSockets everyConnectTimesOut() {
    return new RecordingSockets(false, Otherwise.TIME_OUT);
  }

  List<Attempt> attempts() {
    return List.copyOf(attempts);
  }

  List<String> addresses() {
    return attempts.stream().map(a -> a.address().getAddress().getHostAddress()).toList();
  }

  @Override
  public Socket createSocket() {
    return new Socket() {
      @Override
      public void connect(SocketAddress endpoint, int timeout) throws IOException {
        InetSocketAddress address = (InetSocketAddress) endpoint;
        attempts.add(new Attempt(address, timeout));
        if (loopbackThrough && address.getAddress().isLoopbackAddress()) {
          super.connect(endpoint, timeout);
          return;
        }
        throw otherwise == Otherwise.TIME_OUT
            ? new SocketTimeoutException("Connect timed out (test network)")
            : new ConnectException(
                "Connection refused (test network: no route to " + address + ")");
      }
    };
  }

  @Override
  public Socket createSocket(String host, int port) {
    throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
  }

  @Override
  public Socket createSocket(String host, int port, InetAddress localHost, int localPort) {
    throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
  }

  @Override
  public Socket createSocket(InetAddress host, int port) {
    throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
  }

  @Override
  public Socket createSocket(
      InetAddress address, int port, InetAddress localAddress, int localPort) {
    throw new UnsupportedOperationException("OkHttp connects unconnected sockets");
  }
}
