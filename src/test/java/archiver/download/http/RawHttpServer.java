package archiver.download.http;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bare HTTP/1.1 server on 127.0.0.1 for what the JDK's HttpServer cannot do: a real TCP reset
 * (RST via {@code SO_LINGER 0}), a body without Content-Length that runs until the connection
 * closes, a HEAD that differs from the GET. One request per connection, answered by a handler that
 * writes raw bytes.
 */
final class RawHttpServer implements AutoCloseable {

  /** One request as it arrived; header names in lower case. */
  record Request(String method, String path, Map<String, String> headers) {}

  @FunctionalInterface
  interface Handler {
    void respond(Request request, Socket socket, OutputStream out) throws IOException;
  }

  private final ServerSocket server;
  private final Map<String, Handler> handlers = new ConcurrentHashMap<>();
  private final List<Request> requests = new CopyOnWriteArrayList<>();

  private RawHttpServer(ServerSocket server) {
    this.server = server;
    Thread.ofVirtual().name("raw-http-accept").start(this::acceptLoop);
  }

  static RawHttpServer start() {
    try {
      return new RawHttpServer(new ServerSocket(0, 50, InetAddress.getLoopbackAddress()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  RawHttpServer on(String path, Handler handler) {
    handlers.put(path, handler);
    return this;
  }

  URI uri(String path) {
    return URI.create("http://127.0.0.1:" + server.getLocalPort() + path);
  }

  List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Writes a status line and headers (each "Name: value"), then the blank line. */
  static void head(OutputStream out, int status, String... headers) throws IOException {
    StringBuilder sb = new StringBuilder("HTTP/1.1 ").append(status).append(" X\r\n");
    for (String h : headers) {
      sb.append(h).append("\r\n");
    }
    sb.append("Connection: close\r\n\r\n");
    out.write(sb.toString().getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
  }

  /** Drops the connection with a TCP RST instead of a FIN. */
  static void reset(Socket socket) throws IOException {
    socket.setSoLinger(true, 0);
    socket.close();
  }

  @Override
  public void close() {
    try {
      server.close();
    } catch (IOException e) {
      // closing anyway
    }
  }

  private void acceptLoop() {
    while (!server.isClosed()) {
      try {
        Socket socket = server.accept();
        Thread.ofVirtual().name("raw-http-conn").start(() -> serve(socket));
      } catch (IOException e) {
        return; // closed
      }
    }
  }

  private void serve(Socket socket) {
    try (socket) {
      InputStream in = socket.getInputStream();
      Request request = readRequest(in);
      requests.add(request);
      OutputStream out = socket.getOutputStream();
      Handler handler = handlers.get(request.path());
      if (handler == null) {
        head(out, 404, "Content-Length: 0");
        return;
      }
      handler.respond(request, socket, out);
    } catch (IOException e) {
      // the client went away or the handler reset the connection
    }
  }

  private static Request readRequest(InputStream in) throws IOException {
    ByteArrayOutputStream head = new ByteArrayOutputStream();
    int matched = 0;
    byte[] end = {'\r', '\n', '\r', '\n'};
    while (matched < 4) {
      int b = in.read();
      if (b < 0) {
        throw new IOException("request ended early");
      }
      head.write(b);
      matched = b == end[matched] ? matched + 1 : (b == '\r' ? 1 : 0);
    }
    String[] lines = head.toString(StandardCharsets.ISO_8859_1).split("\r\n");
    String[] requestLine = lines[0].split(" ");
    Map<String, String> headers = new LinkedHashMap<>();
    for (int i = 1; i < lines.length; i++) {
      int colon = lines[i].indexOf(':');
      if (colon > 0) {
        headers.put(
            lines[i].substring(0, colon).strip().toLowerCase(Locale.ROOT),
            lines[i].substring(colon + 1).strip());
      }
    }
    String target = requestLine[1];
    int query = target.indexOf('?');
    return new Request(requestLine[0], query < 0 ? target : target.substring(0, query), headers);
  }
}
