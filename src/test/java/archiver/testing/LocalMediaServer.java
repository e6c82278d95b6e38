package archiver.testing;

import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A real HTTP server on 127.0.0.1 for tests: serves registered bytes at paths (with HEAD and Range,
 * which yt-dlp uses for chunked downloads) and misbehaves on purpose per path. Every request is
 * recorded before it is answered, so a test can assert which paths were fetched, or that none was.
 *
 * <pre>{@code
 * try (LocalMediaServer server = LocalMediaServer.start()) {
 *   server.serve("/clip.mp4", Files.readAllBytes(clip), "video/mp4");
 *   server.respond("/gone.mp4", new LocalMediaServer.Status(404, "no such clip"));
 *   URI url = server.uri("/clip.mp4");
 *   ...
 *   assertThat(server.requestsFor("/gone.mp4")).isEmpty();
 * }
 * }</pre>
 */
public final class LocalMediaServer implements AutoCloseable {

  /** What the server does for one path. */
  public sealed interface Behaviour
      permits Media, LargeFile, Status, TooManyRequests, ResetMidBody, Drip, Redirect, Html {}

  /**
   * Streams a file from disk (for files too large to hold in the test's heap); HEAD answers with
   * its length, Range is ignored (the whole file is sent, as a server may).
   */
  public record LargeFile(Path file, String contentType) implements Behaviour {}

  /**
   * Serves the bytes with this Content-Type (which may be deliberately wrong), honouring HEAD and
   * single-range {@code Range} requests.
   */
  public record Media(byte[] body, String contentType) implements Behaviour {
    public Media {
      Objects.requireNonNull(body, "body");
      Objects.requireNonNull(contentType, "contentType");
    }
  }

  /** Answers with this status (404, 403, 500, ...) and a short text body. */
  public record Status(int code, String body) implements Behaviour {}

  /** 429 with a {@code Retry-After} header in seconds. */
  public record TooManyRequests(int retryAfterSeconds) implements Behaviour {}

  /**
   * Announces the full Content-Length, sends the first {@code bytesBeforeReset} bytes and then
   * drops the connection, on every request (ranged retries included), so the client never
   * completes. The JDK server cannot send a TCP RST; the client sees the stream end early, which is
   * what a reset mid-body looks like to an HTTP library reading a fixed-length body.
   */
  public record ResetMidBody(byte[] body, String contentType, int bytesBeforeReset)
      implements Behaviour {}

  /**
   * Announces the full Content-Length and sends {@code chunkBytes} every {@code interval}, driven
   * by a scheduler rather than a sleeping handler thread.
   */
  public record Drip(byte[] body, String contentType, int chunkBytes, Duration interval)
      implements Behaviour {}

  /** A redirect ({@code 301, 302, 303, 307, 308}) to {@code location} (absolute or a path). */
  public record Redirect(int code, String location) implements Behaviour {}

  /** An HTML page, {@code text/html; charset=utf-8}. */
  public record Html(String page) implements Behaviour {}

  /** One request as it arrived. Header names are matched case-insensitively. */
  public record RecordedRequest(
      String method, String path, String query, Map<String, List<String>> headers) {

    public Optional<String> header(String name) {
      for (Map.Entry<String, List<String>> e : headers.entrySet()) {
        if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
          return Optional.of(e.getValue().get(0));
        }
      }
      return Optional.empty();
    }
  }

  private static final Pattern SINGLE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

  private final HttpServer server;
  private final ExecutorService handlers;
  private final ScheduledExecutorService dripTicks;
  private final Map<String, Behaviour> behaviours = new ConcurrentHashMap<>();
  private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();

  private LocalMediaServer(HttpServer server) {
    this.server = server;
    // One thread per exchange: a dripping response must not hold up other requests.
    this.handlers = Executors.newVirtualThreadPerTaskExecutor();
    this.dripTicks = Executors.newSingleThreadScheduledExecutor();
    server.setExecutor(handlers);
    server.createContext("/", this::handle);
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  public static LocalMediaServer start() {
    try {
      HttpServer server =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
      LocalMediaServer media = new LocalMediaServer(server);
      server.start();
      return media;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot start the local media server", e);
    }
  }

  /** {@code http://127.0.0.1:<port>}, without a trailing slash. */
  public String baseUrl() {
    return "http://127.0.0.1:" + port();
  }

  public int port() {
    return server.getAddress().getPort();
  }

  /** The absolute URL of a path on this server; {@code path} starts with {@code /}. */
  public URI uri(String path) {
    return URI.create(baseUrl() + path);
  }

  public LocalMediaServer serve(String path, byte[] body, String contentType) {
    return respond(path, new Media(body, contentType));
  }

  public LocalMediaServer serve(String path, Path file, String contentType) {
    try {
      return serve(path, Files.readAllBytes(file), contentType);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Registers (or replaces) what the server does for {@code path}. */
  public LocalMediaServer respond(String path, Behaviour behaviour) {
    if (!path.startsWith("/")) {
      throw new IllegalArgumentException("path must start with /: " + path);
    }
    behaviours.put(path, Objects.requireNonNull(behaviour, "behaviour"));
    return this;
  }

  /** Every request received so far, in order of arrival. */
  public List<RecordedRequest> requests() {
    return List.copyOf(requests);
  }

  public List<RecordedRequest> requestsFor(String path) {
    List<RecordedRequest> matching = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (r.path().equals(path)) {
        matching.add(r);
      }
    }
    return matching;
  }

  /** The distinct paths requested so far. */
  public List<String> requestedPaths() {
    List<String> paths = new ArrayList<>();
    for (RecordedRequest r : requests) {
      if (!paths.contains(r.path())) {
        paths.add(r.path());
      }
    }
    return paths;
  }

  @Override
  public void close() {
    server.stop(0);
    dripTicks.shutdownNow();
    handlers.shutdownNow();
  }

  private void handle(HttpExchange exchange) throws IOException {
    URI uri = exchange.getRequestURI();
    String path = uri.getPath();
    requests.add(
        new RecordedRequest(
            exchange.getRequestMethod(),
            path,
            uri.getRawQuery(),
            copy(exchange.getRequestHeaders())));
    Behaviour behaviour = behaviours.get(path);
    try {
      if (behaviour == null) {
        sendText(exchange, 404, "no such path: " + path, "text/plain; charset=utf-8");
        return;
      }
      switch (behaviour) {
        case Media m -> sendMedia(exchange, m.body(), m.contentType());
        case LargeFile f -> sendFile(exchange, f);
        case Status s -> sendText(exchange, s.code(), s.body(), "text/plain; charset=utf-8");
        case TooManyRequests t -> {
          exchange.getResponseHeaders().set("Retry-After", Integer.toString(t.retryAfterSeconds()));
          sendText(exchange, 429, "Too Many Requests", "text/plain; charset=utf-8");
        }
        case ResetMidBody r -> sendResetMidBody(exchange, r);
        case Drip d -> {
          startDrip(exchange, d);
          return; // the scheduler finishes and closes the exchange
        }
        case Redirect r -> {
          exchange.getResponseHeaders().set("Location", r.location());
          sendText(exchange, r.code(), "moved to " + r.location(), "text/plain; charset=utf-8");
        }
        case Html h -> sendText(exchange, 200, h.page(), "text/html; charset=utf-8");
      }
    } catch (IOException e) {
      // The client went away mid-response; nothing to answer.
    }
    exchange.close();
  }

  private static Map<String, List<String>> copy(Headers headers) {
    Map<String, List<String>> copy = new LinkedHashMap<>();
    headers.forEach((name, values) -> copy.put(name, List.copyOf(values)));
    return Map.copyOf(copy);
  }

  private static boolean isHead(HttpExchange exchange) {
    return exchange.getRequestMethod().equalsIgnoreCase("HEAD");
  }

  private static void sendText(HttpExchange exchange, int code, String text, String contentType)
      throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", contentType);
    sendBytes(exchange, code, body, 0, body.length);
  }

  /** Sends {@code body[from, from+length)} with an exact Content-Length; headers only for HEAD. */
  private static void sendBytes(HttpExchange exchange, int code, byte[] body, int from, int length)
      throws IOException {
    if (isHead(exchange) || length == 0) {
      // -1 means "no body"; the explicit header keeps the length a HEAD must announce.
      exchange.getResponseHeaders().set("Content-Length", Integer.toString(length));
      exchange.sendResponseHeaders(code, -1);
      return;
    }
    exchange.sendResponseHeaders(code, length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body, from, length);
    }
  }

  private static void sendMedia(HttpExchange exchange, byte[] body, String contentType)
      throws IOException {
    Headers response = exchange.getResponseHeaders();
    response.set("Content-Type", contentType);
    response.set("Accept-Ranges", "bytes");
    Optional<String> range =
        Optional.ofNullable(exchange.getRequestHeaders().getFirst("Range")).map(String::trim);
    if (range.isEmpty()) {
      sendBytes(exchange, 200, body, 0, body.length);
      return;
    }
    Matcher m = SINGLE_RANGE.matcher(range.get().toLowerCase(Locale.ROOT));
    if (!m.matches() || (m.group(1).isEmpty() && m.group(2).isEmpty())) {
      // Multi-range and malformed ranges: a server may ignore Range and send everything.
      sendBytes(exchange, 200, body, 0, body.length);
      return;
    }
    long first;
    long last;
    if (m.group(1).isEmpty()) { // suffix range: the last N bytes
      long suffix = Long.parseLong(m.group(2));
      first = Math.max(0, body.length - suffix);
      last = body.length - 1L;
    } else {
      first = Long.parseLong(m.group(1));
      last =
          m.group(2).isEmpty()
              ? body.length - 1L
              : Math.min(Long.parseLong(m.group(2)), body.length - 1L);
    }
    if (first >= body.length || first > last) {
      response.set("Content-Range", "bytes */" + body.length);
      sendBytes(exchange, 416, new byte[0], 0, 0);
      return;
    }
    response.set("Content-Range", "bytes " + first + "-" + last + "/" + body.length);
    sendBytes(exchange, 206, body, (int) first, (int) (last - first + 1));
  }

  private static void sendFile(HttpExchange exchange, LargeFile f) throws IOException {
    long length = Files.size(f.file());
    exchange.getResponseHeaders().set("Content-Type", f.contentType());
    if (isHead(exchange)) {
      exchange.getResponseHeaders().set("Content-Length", Long.toString(length));
      exchange.sendResponseHeaders(200, -1);
      return;
    }
    exchange.sendResponseHeaders(200, length);
    try (OutputStream out = exchange.getResponseBody()) {
      Files.copy(f.file(), out);
    }
  }

  private static void sendResetMidBody(HttpExchange exchange, ResetMidBody r) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", r.contentType());
    if (isHead(exchange)) {
      sendBytes(exchange, 200, r.body(), 0, r.body().length);
      return;
    }
    // Always the whole body from 0 with status 200, ignoring Range, so that resuming never helps.
    exchange.sendResponseHeaders(200, r.body().length);
    OutputStream out = exchange.getResponseBody();
    out.write(r.body(), 0, Math.min(r.bytesBeforeReset(), r.body().length));
    out.flush();
    // Closing a fixed-length exchange before its length is reached closes the connection.
    exchange.close();
  }

  private void startDrip(HttpExchange exchange, Drip d) throws IOException {
    exchange.getResponseHeaders().set("Content-Type", d.contentType());
    if (isHead(exchange)) {
      sendBytes(exchange, 200, d.body(), 0, d.body().length);
      exchange.close();
      return;
    }
    exchange.sendResponseHeaders(200, d.body().length);
    dripTicks.execute(new DripWriter(exchange, d));
  }

  /** Writes one chunk per tick and schedules the next tick until the body is out. */
  private final class DripWriter implements Runnable {
    private final HttpExchange exchange;
    private final Drip drip;
    private final OutputStream out;
    private int sent;

    DripWriter(HttpExchange exchange, Drip drip) {
      this.exchange = exchange;
      this.drip = drip;
      this.out = exchange.getResponseBody();
    }

    @Override
    public void run() {
      int n = Math.min(drip.chunkBytes(), drip.body().length - sent);
      try {
        out.write(drip.body(), sent, n);
        out.flush();
        sent += n;
        if (sent >= drip.body().length) {
          out.close();
          exchange.close();
          return;
        }
        dripTicks.schedule(this, Math.max(1, drip.interval().toMillis()), TimeUnit.MILLISECONDS);
      } catch (IOException e) {
        // The client gave up (or was killed): stop dripping.
        exchange.close();
      } catch (RejectedExecutionException e) {
        // The server is closing.
        exchange.close();
      }
    }
  }
}
