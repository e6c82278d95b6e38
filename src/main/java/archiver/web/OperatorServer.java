package archiver.web;

import archiver.core.operator.JobTelemetry;
import archiver.core.operator.OperatorView;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The operator page (docs/ARCHITECTURE.md, "Operator page"): the JDK's own HTTP server, read-only
 * (GET and HEAD only; nothing here changes a job), two threads so that a busy page waits its turn
 * instead of taking the bot's database from its workers.
 */
public final class OperatorServer implements AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(OperatorServer.class);

  /** Requests answered at once; more wait in the server's backlog. */
  static final int THREADS = 2;

  private static final Pattern JOB_PATH = Pattern.compile("/jobs/(\\d{1,18})");

  /**
   * No script, frame, image or other origin at all: even a value that escaped the templates could
   * not run. The one style sheet comes from here.
   */
  static final Map<String, String> SECURITY_HEADERS =
      Map.of(
          "Content-Security-Policy",
          "default-src 'none'; style-src 'self'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'",
          "X-Content-Type-Options",
          "nosniff",
          "Referrer-Policy",
          "no-referrer",
          "X-Frame-Options",
          "DENY",
          "Cache-Control",
          "no-store");

  private final HttpServer server;
  private final ExecutorService threads;
  private final AccessGate gate;
  private final Pages pages;
  private final Metrics metrics;
  private final byte[] styleSheet;

  private OperatorServer(
      HttpServer server,
      ExecutorService threads,
      AccessGate gate,
      Pages pages,
      Metrics metrics,
      byte[] styleSheet) {
    this.server = server;
    this.threads = threads;
    this.gate = gate;
    this.pages = pages;
    this.metrics = metrics;
    this.styleSheet = styleSheet;
  }

  public static OperatorServer start(
      WebSettings settings, OperatorView view, JobTelemetry telemetry) throws IOException {
    HttpServer server =
        HttpServer.create(new InetSocketAddress(settings.bind(), settings.port()), 16);
    ExecutorService threads =
        Executors.newFixedThreadPool(
            THREADS, Thread.ofPlatform().name("web-", 1).daemon(true).factory());
    OperatorServer page =
        new OperatorServer(
            server,
            threads,
            new AccessGate(settings.token()),
            new Pages(view, new Templates()),
            new Metrics(view, telemetry),
            resource("web/style.css"));
    server.setExecutor(threads);
    server.createContext("/", page::handle);
    server.start();
    log.info(
        "operator page on http://{}:{}/ ({})",
        settings.bind(),
        page.port(),
        page.gate.required() ? "token required" : "no token: loopback only");
    return page;
  }

  public int port() {
    return server.getAddress().getPort();
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      boolean head = method.equals("HEAD");
      Response response;
      if (!(method.equals("GET") || head)) {
        // Read-only: there is nothing to post, put or delete.
        response =
            new Response(
                405,
                Response.TEXT,
                "read-only: GET only\n".getBytes(java.nio.charset.StandardCharsets.UTF_8),
                Map.of("Allow", "GET, HEAD"));
      } else {
        response = answer(exchange);
      }
      send(exchange, response, head);
    }
  }

  private Response answer(HttpExchange exchange) {
    String path = exchange.getRequestURI().getRawPath();
    Optional<String> query = Optional.ofNullable(exchange.getRequestURI().getRawQuery());
    AccessGate.Decision decision =
        gate.decide(
            path,
            query,
            Optional.ofNullable(exchange.getRequestHeaders().getFirst("Authorization")),
            exchange.getRequestHeaders().getOrDefault("Cookie", List.of()));
    return switch (decision) {
      case AccessGate.Refused r -> {
        log.warn(
            "operator page: refused {} {} from {}: no valid token",
            exchange.getRequestMethod(),
            path,
            exchange.getRemoteAddress().getAddress().getHostAddress());
        yield new Response(
            401,
            Response.TEXT,
            "401: this page needs its token: an 'Authorization: Bearer' header, or open it once with ?token=\n"
                .getBytes(java.nio.charset.StandardCharsets.UTF_8),
            Map.of("WWW-Authenticate", "Bearer realm=\"media-archiver\""));
      }
      case AccessGate.RememberAndRedirect r -> Response.redirect(r.location(), r.setCookie());
      case AccessGate.Allowed a -> route(path, query);
    };
  }

  private Response route(String path, Optional<String> query) {
    try {
      if (path.equals("/")) {
        return pages.overview();
      }
      if (path.equals("/jobs")) {
        return pages.jobs(query);
      }
      Matcher job = JOB_PATH.matcher(path);
      if (job.matches()) {
        return pages.job(Long.parseLong(job.group(1)), query);
      }
      if (path.equals("/metrics")) {
        return metrics.scrape();
      }
      if (path.equals("/style.css")) {
        return new Response(200, "text/css; charset=utf-8", styleSheet, Map.of());
      }
      return pages.notFound("nothing at " + path);
    } catch (Pages.BadParameter e) {
      return pages.badRequest(e.getMessage());
    } catch (RuntimeException e) {
      log.error("operator page: {} failed", path, e);
      return Response.text(500, "500: the page failed; the bot's log has the reason\n");
    }
  }

  private static void send(HttpExchange exchange, Response response, boolean head)
      throws IOException {
    SECURITY_HEADERS.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
    exchange.getResponseHeaders().set("Content-Type", response.contentType());
    byte[] body = response.body();
    exchange.sendResponseHeaders(response.status(), head || body.length == 0 ? -1 : body.length);
    if (!head && body.length > 0) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  private static byte[] resource(String name) throws IOException {
    try (InputStream in = OperatorServer.class.getClassLoader().getResourceAsStream(name)) {
      if (in == null) {
        throw new IOException(name + " is missing from the jar");
      }
      return in.readAllBytes();
    }
  }

  /** Stops listening at once; a page being written is cut off, which a reader can reload. */
  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
