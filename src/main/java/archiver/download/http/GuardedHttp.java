package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import archiver.download.ErrorClassifier;
import archiver.download.ProgressListener;
import archiver.download.intake.GuardResult;
import archiver.domain.RefusalReason;
import archiver.download.intake.UrlGuard;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.ProxySelector;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedByInterruptException;
import java.nio.channels.FileChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.Flow;
import java.util.concurrent.TimeoutException;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way the HTTP downloaders reach the network (DESIGN.md "URL safety (SSRF)"). Redirects
 * are followed here, not by the JDK client, so that the first URL and every hop pass {@link
 * UrlGuard#checkResolved} before a connection is made. Every call has a deadline that covers the
 * body as well as the headers, and failures come back as {@link DownloadFailure}s classified the
 * way yt-dlp's are ("HTTP Error 404: Not Found" through {@link ErrorClassifier}).
 *
 * <p>The guard resolves the host and the client resolves it again when it connects; a name that
 * answers differently the second time (DNS rebinding) is not caught. Pinning the address would need
 * a resolver hook the JDK client does not offer.
 */
public final class GuardedHttp implements AutoCloseable {

  /**
   * The facts of a response, without its body.
   *
   * @param uri the URL that answered, after redirects
   * @param sizeBytes the whole file's size: Content-Length, or the total of a Content-Range
   * @param contentType the raw Content-Type header
   * @param fileName the name from Content-Disposition, when the server gave one
   */
  public record ResponseInfo(
      URI uri,
      int status,
      OptionalLong sizeBytes,
      Optional<String> contentType,
      Optional<String> fileName) {}

  /** A small body read into memory; {@code truncated} when it was longer than asked for. */
  public record Body(URI uri, Optional<String> contentType, byte[] bytes, boolean truncated) {

    /** The charset the Content-Type names, if it names a known one. */
    public Optional<Charset> charset() {
      return contentType.flatMap(GuardedHttp::charsetOf);
    }
  }

  /** A text body; {@code truncated} when it was longer than asked for. */
  public record Text(URI uri, Optional<String> contentType, String text, boolean truncated) {}

  /** A body saved to a file. */
  public record Saved(Path file, long sizeBytes, URI uri, Optional<String> contentType) {}

  private static final Logger log = LoggerFactory.getLogger(GuardedHttp.class);

  /** How much of an error page is read to tell "forbidden" from "please sign in". */
  private static final int ERROR_BODY_BYTES = 4096;

  private static final Duration ERROR_BODY_TIME = Duration.ofSeconds(2);

  private static final Pattern CONTENT_RANGE_TOTAL = Pattern.compile("bytes\\s+[^/]*/(\\d+)");
  private static final Pattern CHARSET =
      Pattern.compile("charset\\s*=\\s*\"?([A-Za-z0-9._:-]+)", Pattern.CASE_INSENSITIVE);

  private static final Map<Integer, String> REASONS =
      Map.ofEntries(
          Map.entry(400, "Bad Request"),
          Map.entry(401, "Unauthorized"),
          Map.entry(402, "Payment Required"),
          Map.entry(403, "Forbidden"),
          Map.entry(404, "Not Found"),
          Map.entry(405, "Method Not Allowed"),
          Map.entry(406, "Not Acceptable"),
          Map.entry(408, "Request Timeout"),
          Map.entry(410, "Gone"),
          Map.entry(413, "Content Too Large"),
          Map.entry(416, "Range Not Satisfiable"),
          Map.entry(429, "Too Many Requests"),
          Map.entry(451, "Unavailable For Legal Reasons"),
          Map.entry(500, "Internal Server Error"),
          Map.entry(501, "Not Implemented"),
          Map.entry(502, "Bad Gateway"),
          Map.entry(503, "Service Unavailable"),
          Map.entry(504, "Gateway Timeout"));

  private final UrlGuard guard;
  private final HttpSettings settings;
  private final Clock clock;
  private final HttpClient client;

  public GuardedHttp(UrlGuard guard, HttpSettings settings, Clock clock) {
    this(guard, settings, clock, HttpClient.Builder.NO_PROXY);
  }

  /** With a proxy: tests send "public" host names to the local server this way. */
  GuardedHttp(UrlGuard guard, HttpSettings settings, Clock clock, ProxySelector proxy) {
    this.guard = Objects.requireNonNull(guard, "guard");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.client =
        HttpClient.newBuilder()
            // Redirects are followed by hand so that each hop meets the guard first.
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(settings.connectTimeout())
            // HTTP/1.1: no h2c upgrade header on plain http, and cancelling a body closes its
            // connection instead of leaving a stream half-read on a shared one.
            .version(HttpClient.Version.HTTP_1_1)
            .proxy(proxy)
            .build();
  }

  /** A HEAD request, redirects followed. */
  public HttpResult<ResponseInfo> head(URI uri) throws InterruptedException {
    try (Exchange ex = open("HEAD", uri, Map.of(), deadlineIn(settings.requestTimeout()))) {
      return new HttpResult.Ok<>(ex.info());
    } catch (Failure f) {
      return new HttpResult.Failed<>(f.failure);
    }
  }

  /**
   * Size and type of a file without downloading it: HEAD, and when a server refuses HEAD (405, 501,
   * or a 403 from signed CDN links that are valid for GET only) a GET for the first byte ({@code
   * Range: bytes=0-0}) whose body is dropped at once.
   */
  public HttpResult<ResponseInfo> probe(URI uri) throws InterruptedException {
    HttpResult<ResponseInfo> head = head(uri);
    if (!(head instanceof HttpResult.Failed<ResponseInfo> failed) || !headRefused(failed)) {
      return head;
    }
    log.debug("HEAD refused by {}, asking for the first byte", uri.getHost());
    try (Exchange ex =
        open("GET", uri, Map.of("Range", "bytes=0-0"), deadlineIn(settings.requestTimeout()))) {
      return new HttpResult.Ok<>(ex.info());
    } catch (Failure f) {
      return new HttpResult.Failed<>(f.failure);
    }
  }

  /** A GET whose body is read into memory, at most {@code maxBytes} of it. */
  public HttpResult<Body> getBytes(URI uri, int maxBytes) throws InterruptedException {
    Instant deadline = deadlineIn(settings.requestTimeout());
    try (Exchange ex = open("GET", uri, Map.of(), deadline)) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      boolean truncated = readAtMost(ex, out, maxBytes, deadline);
      return new HttpResult.Ok<>(
          new Body(ex.uri(), ex.contentType(), out.toByteArray(), truncated));
    } catch (Failure f) {
      return new HttpResult.Failed<>(f.failure);
    }
  }

  /**
   * A GET whose body is read as text (the Content-Type's charset, else UTF-8), at most {@code
   * maxChars} characters; at most four bytes a character are read.
   */
  public HttpResult<Text> getText(URI uri, int maxChars) throws InterruptedException {
    int maxBytes = (int) Math.min(Integer.MAX_VALUE - 8, 4L * maxChars);
    return switch (getBytes(uri, maxBytes)) {
      case HttpResult.Failed<Body> f -> new HttpResult.Failed<>(f.failure());
      case HttpResult.Ok<Body> ok -> {
        Body body = ok.value();
        String text = new String(body.bytes(), body.charset().orElse(StandardCharsets.UTF_8));
        boolean truncated = body.truncated() || text.length() > maxChars;
        if (text.length() > maxChars) {
          text = text.substring(0, maxChars);
        }
        yield new HttpResult.Ok<>(new Text(body.uri(), body.contentType(), text, truncated));
      }
    };
  }

  /**
   * Streams a GET into {@code target}: first into {@code target + ".part"}, renamed when complete.
   * A Content-Length over {@code maxBytes} fails with {@code SIZE_LIMIT} before a file is created;
   * a body that grows past it is cut at {@code maxBytes + 1} bytes. {@code timeout} covers the
   * whole transfer. On any failure, and on interruption, the partial file is deleted.
   */
  public HttpResult<Saved> download(
      URI uri, Path target, long maxBytes, ProgressListener progress, Duration timeout)
      throws InterruptedException {
    return download(uri, target, maxBytes, progress, timeout, type -> true);
  }

  /**
   * Like {@link #download(URI, Path, long, ProgressListener, Duration)}, refusing before anything
   * is written when the response's base Content-Type ("" when absent) is not accepted.
   */
  HttpResult<Saved> download(
      URI uri,
      Path target,
      long maxBytes,
      ProgressListener progress,
      Duration timeout,
      Predicate<String> acceptType)
      throws InterruptedException {
    if (maxBytes <= 0) {
      throw new IllegalArgumentException("maxBytes must be positive");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("timeout must be positive");
    }
    Instant deadline = deadlineIn(timeout);
    Path part = target.resolveSibling(target.getFileName() + ".part");
    boolean saved = false;
    try (Exchange ex = open("GET", uri, Map.of(), deadline)) {
      String type = MediaTypes.baseType(ex.contentType().orElse(null));
      if (!acceptType.test(type)) {
        throw new Failure(
            DownloadFailure.of(
                ErrorType.UNSUPPORTED_SOURCE,
                "the server sent "
                    + (type.isEmpty() ? "a file without a type" : type)
                    + " instead of the expected file"));
      }
      OptionalLong announced = contentLength(ex.response().headers());
      if (announced.isPresent() && announced.getAsLong() > maxBytes) {
        throw new Failure(tooLarge(announced.getAsLong(), maxBytes));
      }
      long received = stream(ex, part, maxBytes, deadline, timeout, announced, progress);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      saved = true;
      return new HttpResult.Ok<>(new Saved(target, received, ex.uri(), ex.contentType()));
    } catch (Failure f) {
      return new HttpResult.Failed<>(f.failure);
    } catch (IOException e) {
      return new HttpResult.Failed<>(
          DownloadFailure.of(ErrorType.UNKNOWN, "cannot save the file: " + describe(e)));
    } finally {
      if (!saved) {
        deleteQuietly(part);
      }
    }
  }

  @Override
  public void close() {
    client.close();
  }

  private long stream(
      Exchange ex,
      Path part,
      long maxBytes,
      Instant deadline,
      Duration timeout,
      OptionalLong announced,
      ProgressListener progress)
      throws Failure, InterruptedException, IOException {
    ProgressMeter meter = new ProgressMeter(clock, progress, announced);
    long received = 0;
    try (FileChannel out =
        FileChannel.open(
            part,
            StandardOpenOption.CREATE,
            StandardOpenOption.TRUNCATE_EXISTING,
            StandardOpenOption.WRITE)) {
      List<ByteBuffer> chunk;
      while ((chunk = nextChunk(ex, deadline, timeout, received)) != null) {
        for (ByteBuffer buffer : chunk) {
          received += buffer.remaining();
          if (received > maxBytes) {
            // No Content-Length (chunked or close-delimited): the chunk that crosses the cap is not
            // written, and the connection is dropped.
            throw new Failure(tooLarge(-1, maxBytes));
          }
          write(out, buffer);
        }
        meter.update(received);
      }
    }
    if (announced.isPresent() && received < announced.getAsLong()) {
      throw new Failure(
          networkFailure(
              "the connection closed after "
                  + received
                  + " of "
                  + announced.getAsLong()
                  + " bytes"));
    }
    if (received == 0) {
      throw new Failure(DownloadFailure.of(ErrorType.HTTP_ERROR, "the server sent an empty file"));
    }
    meter.finish(received);
    return received;
  }

  private List<ByteBuffer> nextChunk(Exchange ex, Instant deadline, Duration timeout, long received)
      throws Failure, InterruptedException {
    try {
      return ex.body().next(deadline);
    } catch (TimeoutException e) {
      throw new Failure(
          DownloadFailure.of(
              ErrorType.TIMEOUT,
              "the download took longer than "
                  + seconds(timeout)
                  + " ("
                  + received
                  + " bytes received)"));
    } catch (IOException e) {
      throw new Failure(
          networkFailure("the connection broke after " + received + " bytes: " + describe(e)));
    }
  }

  private static void write(FileChannel out, ByteBuffer buffer)
      throws IOException, InterruptedException {
    try {
      while (buffer.hasRemaining()) {
        out.write(buffer);
      }
    } catch (ClosedByInterruptException e) {
      // FileChannel closes itself when its thread is interrupted: that is a cancellation.
      throw new InterruptedException("interrupted while writing");
    }
  }

  /** Reads at most {@code max} bytes of the body; true when more was there. */
  private boolean readAtMost(Exchange ex, ByteArrayOutputStream out, int max, Instant deadline)
      throws Failure, InterruptedException {
    List<ByteBuffer> chunk;
    while ((chunk = nextChunk(ex, deadline, settings.requestTimeout(), out.size())) != null) {
      for (ByteBuffer buffer : chunk) {
        int room = max - out.size();
        int n = Math.min(room, buffer.remaining());
        byte[] bytes = new byte[n];
        buffer.get(bytes);
        out.write(bytes, 0, n);
        if (buffer.hasRemaining()) {
          return true;
        }
      }
    }
    return false;
  }

  /** An open response with a 2xx status, redirects followed; closing it drops the rest. */
  private record Exchange(
      URI uri, HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, BodyReader body)
      implements AutoCloseable {

    Optional<String> contentType() {
      return response.headers().firstValue("Content-Type");
    }

    ResponseInfo info() {
      HttpHeaders h = response.headers();
      OptionalLong size = contentLength(h);
      if (response.statusCode() == 206) {
        size = OptionalLong.empty();
        Optional<String> range = h.firstValue("Content-Range");
        if (range.isPresent()) {
          Matcher m = CONTENT_RANGE_TOTAL.matcher(range.get());
          if (m.find() && m.group(1).length() < 19) {
            size = OptionalLong.of(Long.parseLong(m.group(1)));
          }
        }
      }
      return new ResponseInfo(
          uri,
          response.statusCode(),
          size,
          contentType(),
          h.firstValue("Content-Disposition").flatMap(ContentDisposition::fileName));
    }

    @Override
    public void close() {
      body.close();
    }
  }

  private Exchange open(String method, URI start, Map<String, String> headers, Instant deadline)
      throws Failure, InterruptedException {
    URI current = start;
    for (int hop = 0; ; hop++) {
      URI target = guarded(current, hop);
      Duration left = Duration.between(clock.instant(), deadline);
      if (left.isNegative() || left.isZero()) {
        throw new Failure(
            DownloadFailure.of(
                ErrorType.TIMEOUT, "ran out of time before " + target.getHost() + " answered"));
      }
      HttpRequest request;
      try {
        HttpRequest.Builder builder =
            HttpRequest.newBuilder(target)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .timeout(min(settings.requestTimeout(), left))
                .header("User-Agent", settings.userAgent());
        headers.forEach(builder::header);
        request = builder.build();
      } catch (IllegalArgumentException e) {
        throw new Failure(
            DownloadFailure.of(
                ErrorType.UNSUPPORTED_SOURCE, "cannot fetch this URL: " + e.getMessage()));
      }
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response = send(request, target);
      BodyReader body = BodyReader.subscribe(response.body(), clock);
      int status = response.statusCode();
      if (isRedirect(status)) {
        body.close();
        current = redirectTarget(target, status, response.headers(), hop);
        log.debug(
            "{} {} redirected ({}) to {}", method, target.getHost(), status, current.getHost());
        continue;
      }
      if (status < 200 || status > 299) {
        try (body) {
          throw new Failure(statusFailure(target, response, body, deadline));
        }
      }
      return new Exchange(target, response, body);
    }
  }

  /** The guard's verdict on one URL; hop 0 is the URL asked for, later hops are redirects. */
  private URI guarded(URI uri, int hop) throws Failure {
    GuardResult verdict = guard.checkResolved(uri);
    if (verdict instanceof GuardResult.Accepted accepted) {
      return withoutFragment(accepted.uri());
    }
    GuardResult.Refused refused = (GuardResult.Refused) verdict;
    ErrorType type =
        refused.reason() == RefusalReason.UNRESOLVABLE
            ? ErrorType.NETWORK_ERROR
            : ErrorType.UNSUPPORTED_SOURCE;
    String what = hop == 0 ? "refused to fetch the link" : "refused a redirect (hop " + hop + ")";
    throw new Failure(DownloadFailure.of(type, what + ": " + refused.detail()));
  }

  private URI redirectTarget(URI from, int status, HttpHeaders headers, int hop) throws Failure {
    Optional<String> location = headers.firstValue("Location");
    if (location.isEmpty() || location.get().isBlank()) {
      throw new Failure(
          DownloadFailure.of(
              ErrorType.HTTP_ERROR, "HTTP Error " + status + ": redirect without a Location"));
    }
    if (hop >= settings.maxRedirects()) {
      throw new Failure(
          DownloadFailure.of(
              ErrorType.HTTP_ERROR, "more than " + settings.maxRedirects() + " redirects"));
    }
    Optional<URI> relative = RemoteNames.lenientUri(location.get().strip());
    if (relative.isEmpty()) {
      throw new Failure(
          DownloadFailure.of(ErrorType.HTTP_ERROR, "a redirect to an unreadable Location"));
    }
    return from.resolve(relative.get());
  }

  private HttpResponse<Flow.Publisher<List<ByteBuffer>>> send(HttpRequest request, URI target)
      throws Failure, InterruptedException {
    String host = target.getHost();
    try {
      return client.send(request, HttpResponse.BodyHandlers.ofPublisher());
    } catch (HttpConnectTimeoutException e) {
      throw new Failure(
          networkFailure(
              "could not connect to " + host + " within " + seconds(settings.connectTimeout())));
    } catch (HttpTimeoutException e) {
      throw new Failure(
          DownloadFailure.of(
              ErrorType.TIMEOUT,
              host + " did not answer within " + seconds(request.timeout().orElseThrow())));
    } catch (ConnectException e) {
      throw new Failure(networkFailure("could not connect to " + host + ": " + describe(e)));
    } catch (IOException e) {
      throw new Failure(networkFailure(host + ": " + describe(e)));
    } catch (IllegalArgumentException e) {
      throw new Failure(
          DownloadFailure.of(
              ErrorType.UNSUPPORTED_SOURCE, "cannot fetch this URL: " + e.getMessage()));
    }
  }

  /**
   * "HTTP Error 403: Forbidden" classified as yt-dlp's messages are. Only a 401/403 page is read
   * for words like "sign in": a 404 page's "Log in" menu link must not make it an auth error.
   */
  private DownloadFailure statusFailure(
      URI target,
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response,
      BodyReader body,
      Instant deadline)
      throws InterruptedException {
    int status = response.statusCode();
    String message = "HTTP Error " + status + ": " + REASONS.getOrDefault(status, "error");
    String page = errorPageText(response, body, deadline);
    ErrorType type;
    if (status == 401 || status == 403) {
      String hints =
          response.headers().firstValue("WWW-Authenticate").isPresent()
              ? "\nauthentication required"
              : "";
      type = ErrorClassifier.classify(message + "\n" + page + hints);
      if (type == ErrorType.AUTH_ERROR && status == 403) {
        message += " (the site asks to sign in)";
      }
    } else {
      type = ErrorClassifier.classify(message);
    }
    DownloadFailure failure =
        new DownloadFailure(
            type,
            message,
            Optional.of(status),
            Optional.empty(),
            target.getScheme()
                + "://"
                + target.getHost()
                + target.getRawPath()
                + " answered "
                + status
                + (page.isEmpty() ? "" : "\n" + page));
    Optional<String> retryAfter = response.headers().firstValue("Retry-After");
    if (retryAfter.isPresent() && (status == 429 || status == 503)) {
      Optional<Duration> delay = RetryAfter.parse(retryAfter.get(), clock.instant());
      if (delay.isPresent()) {
        failure = failure.withRetryAfter(delay.get());
      }
    }
    return failure;
  }

  /** The start of an error page as plain text; empty when it cannot be read quickly. */
  private String errorPageText(
      HttpResponse<Flow.Publisher<List<ByteBuffer>>> response, BodyReader body, Instant deadline)
      throws InterruptedException {
    Instant until = min(deadline, clock.instant().plus(ERROR_BODY_TIME));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      List<ByteBuffer> chunk;
      while (out.size() < ERROR_BODY_BYTES && (chunk = body.next(until)) != null) {
        for (ByteBuffer b : chunk) {
          byte[] bytes = new byte[Math.min(b.remaining(), ERROR_BODY_BYTES - out.size())];
          b.get(bytes);
          out.write(bytes, 0, bytes.length);
        }
      }
    } catch (IOException | TimeoutException e) {
      // What arrived is enough; the status decides anyway.
    }
    Optional<String> type = response.headers().firstValue("Content-Type");
    String text =
        new String(
            out.toByteArray(), type.flatMap(GuardedHttp::charsetOf).orElse(StandardCharsets.UTF_8));
    if (MediaTypes.isHtml(MediaTypes.baseType(type.orElse(null)))) {
      text = Jsoup.parse(text).text();
    }
    return text.strip();
  }

  private static boolean headRefused(HttpResult.Failed<ResponseInfo> failed) {
    Optional<Integer> status = failed.failure().httpStatus();
    return status.isPresent()
        && status.get() >= 400
        && status.get() != 404
        && status.get() != 410
        && status.get() != 429;
  }

  private static boolean isRedirect(int status) {
    return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
  }

  static OptionalLong contentLength(HttpHeaders headers) {
    Optional<String> value = headers.firstValue("Content-Length");
    if (value.isEmpty()) {
      return OptionalLong.empty();
    }
    String v = value.get().strip();
    if (v.isEmpty() || v.length() > 18 || !v.chars().allMatch(c -> c >= '0' && c <= '9')) {
      return OptionalLong.empty();
    }
    return OptionalLong.of(Long.parseLong(v));
  }

  static Optional<Charset> charsetOf(String contentType) {
    Matcher m = CHARSET.matcher(contentType);
    if (!m.find()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Charset.forName(m.group(1)));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  private static DownloadFailure tooLarge(long size, long maxBytes) {
    String message =
        size >= 0
            ? "the file is " + megabytes(size) + ", over the limit of " + megabytes(maxBytes)
            : "the file is larger than the limit of " + megabytes(maxBytes);
    return DownloadFailure.of(ErrorType.SIZE_LIMIT, message);
  }

  /** ", 12.3 MB" for descriptions, "" when the size is unknown. */
  static String sizeNote(OptionalLong bytes) {
    return bytes.isPresent() ? ", " + megabytes(bytes.getAsLong()) : "";
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_048_576.0);
  }

  private static DownloadFailure networkFailure(String message) {
    return DownloadFailure.of(ErrorType.NETWORK_ERROR, message);
  }

  private static String describe(Throwable e) {
    String name = e.getClass().getSimpleName();
    String message = e.getMessage();
    if ((message == null || message.isBlank()) && e.getCause() != null) {
      return name + " (" + describe(e.getCause()) + ")";
    }
    return message == null || message.isBlank() ? name : name + ": " + message;
  }

  /** "3 s" for 2.998 s (a deadline computed a moment ago), "1.5 s" for 1.5 s. */
  private static String seconds(Duration d) {
    double s = d.toMillis() / 1000.0;
    return Math.abs(s - Math.round(s)) < 0.05
        ? Math.round(s) + " s"
        : String.format(Locale.ROOT, "%.1f s", s);
  }

  private Instant deadlineIn(Duration timeout) {
    return clock.instant().plus(timeout);
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }

  private static Instant min(Instant a, Instant b) {
    return a.isBefore(b) ? a : b;
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

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete the partial file {}: {}", file, e.toString());
    }
  }

  /** A failure on its way to the edge of this class, where it becomes an {@link HttpResult}. */
  private static final class Failure extends Exception {
    private final transient DownloadFailure failure;

    Failure(DownloadFailure failure) {
      super(failure.message(), null, false, false);
      this.failure = failure;
    }
  }
}
