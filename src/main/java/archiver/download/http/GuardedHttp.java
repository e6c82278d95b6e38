package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import archiver.download.ProgressListener;
import archiver.download.intake.UrlGuard;
import java.io.IOException;
import java.net.Proxy;
import java.net.URI;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.Predicate;
import okhttp3.OkHttpClient;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The only way the HTTP downloaders reach the network (docs/ARCHITECTURE.md, "URL safety"), over
 * OkHttp. The steps, each in its own class:
 *
 * <ul>
 *   <li>{@link RedirectFollower}: the first URL and every redirect hop pass {@link
 *       UrlGuard#checkAndPin}, up to {@link HttpSettings#maxRedirects()} redirects;
 *   <li>{@link PinnedHop}: the connection goes to exactly the addresses the guard resolved and
 *       judged ({@link PinnedDns}), so DNS rebinding cannot swap in 127.0.0.1 after the check;
 *   <li>{@link Deadline}: a whole-request deadline over the hops, the headers and the body, on top
 *       of the connect and read timeouts;
 *   <li>{@link CappedBody}: the size cap on bodies without (or with a false) Content-Length;
 *   <li>{@link ErrorResponse}: a non-2xx answer becomes an error type from its status code.
 * </ul>
 *
 * Failures come back as {@link HttpResult.Failed}, never as exceptions; only interruption is
 * thrown.
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
      return contentType.flatMap(ResponseHeaders::charsetOf);
    }
  }

  /** A text body; {@code truncated} when it was longer than asked for. */
  public record Text(URI uri, Optional<String> contentType, String text, boolean truncated) {}

  /** A body saved to a file. */
  public record Saved(Path file, long sizeBytes, URI uri, Optional<String> contentType) {}

  private static final Logger log = LoggerFactory.getLogger(GuardedHttp.class);

  /**
   * Sizes must be the bytes on the wire: a HEAD's Content-Length of a gzipped variant would be the
   * wrong size, and a file download is compared with the cap and saved as sent.
   */
  private static final Map<String, String> AS_SENT = Map.of("Accept-Encoding", "identity");

  private final HttpSettings settings;
  private final Clock clock;
  private final PinnedHop hop;
  private final RedirectFollower redirects;

  public GuardedHttp(UrlGuard guard, HttpSettings settings, Clock clock) {
    // No proxy: a proxy would resolve the names itself, and the pinned addresses would not count.
    this(guard, settings, clock, new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build());
  }

  /** From a given client: tests add a proxy or a recording socket factory this way. */
  GuardedHttp(UrlGuard guard, HttpSettings settings, Clock clock, OkHttpClient base) {
    Objects.requireNonNull(guard, "guard");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.hop = new PinnedHop(Objects.requireNonNull(base, "base"), settings);
    this.redirects = new RedirectFollower(guard, settings.maxRedirects(), hop);
  }

  /** A HEAD request, redirects followed. */
  public HttpResult<ResponseInfo> head(URI uri) throws InterruptedException {
    return info("HEAD", uri, AS_SENT);
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
    return info("GET", uri, Map.of("Accept-Encoding", "identity", "Range", "bytes=0-0"));
  }

  /** A GET whose body is read into memory, at most {@code maxBytes} of it. */
  public HttpResult<Body> getBytes(URI uri, int maxBytes) throws InterruptedException {
    // Pages and JSON may come gzipped (OkHttp unzips them); the cap counts the unzipped bytes.
    Deadline deadline = Deadline.in(settings.requestTimeout(), clock);
    try (OpenResponse open = open("GET", uri, Map.of(), deadline)) {
      CappedBody body = new CappedBody(open.body(), maxBytes);
      CappedBody.Prefix prefix;
      try {
        prefix = body.prefix();
      } catch (IOException e) {
        throw open.bodyFailure(e, body.received(), settings.requestTimeout());
      }
      return new HttpResult.Ok<>(
          new Body(open.uri(), open.contentType(), prefix.bytes(), prefix.truncated()));
    } catch (HttpFailure f) {
      return new HttpResult.Failed<>(f.failure());
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
   * a body that grows past it is cut before the chunk that crosses it. {@code timeout} covers the
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
    Deadline deadline = Deadline.in(timeout, clock);
    Path part = target.resolveSibling(target.getFileName() + ".part");
    boolean saved = false;
    try (OpenResponse open = open("GET", uri, AS_SENT, deadline)) {
      String type = MediaTypes.baseType(open.contentType().orElse(null));
      if (!acceptType.test(type)) {
        throw HttpFailure.of(
            ErrorType.UNSUPPORTED_SOURCE,
            "the server sent "
                + (type.isEmpty() ? "a file without a type" : type)
                + " instead of the expected file");
      }
      OptionalLong announced = ResponseHeaders.contentLength(open.response().headers());
      if (announced.isPresent() && announced.getAsLong() > maxBytes) {
        throw new HttpFailure(Sizes.tooLarge(announced.getAsLong(), maxBytes));
      }
      ProgressMeter meter = new ProgressMeter(clock, progress, announced);
      long received = FileSaver.save(open, part, maxBytes, announced, meter, timeout);
      Files.move(part, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
      saved = true;
      return new HttpResult.Ok<>(new Saved(target, received, open.uri(), open.contentType()));
    } catch (HttpFailure f) {
      return new HttpResult.Failed<>(f.failure());
    } catch (IOException e) {
      return new HttpResult.Failed<>(
          DownloadFailure.of(
              ErrorType.UNKNOWN, "cannot save the file: " + HttpFailure.describe(e)));
    } finally {
      if (!saved) {
        deleteQuietly(part);
      }
    }
  }

  @Override
  public void close() {
    hop.close();
  }

  private HttpResult<ResponseInfo> info(String method, URI uri, Map<String, String> headers)
      throws InterruptedException {
    try (OpenResponse open =
        open(method, uri, headers, Deadline.in(settings.requestTimeout(), clock))) {
      return new HttpResult.Ok<>(open.info());
    } catch (HttpFailure f) {
      return new HttpResult.Failed<>(f.failure());
    }
  }

  /** An open 2xx response, redirects followed; any other status is a failure of its type. */
  private OpenResponse open(String method, URI uri, Map<String, String> headers, Deadline deadline)
      throws HttpFailure, InterruptedException {
    OpenResponse answer = redirects.follow(method, uri, headers, deadline);
    if (answer.successful()) {
      return answer;
    }
    try (answer) {
      throw new HttpFailure(ErrorResponse.read(answer, deadline).failure(clock.instant()));
    }
  }

  private static boolean headRefused(HttpResult.Failed<ResponseInfo> failed) {
    Optional<Integer> status = failed.failure().httpStatus();
    return status.isPresent()
        && status.get() >= 400
        && status.get() != 404
        && status.get() != 410
        && status.get() != 429;
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      log.warn("could not delete the partial file {}: {}", file, e.toString());
    }
  }
}
