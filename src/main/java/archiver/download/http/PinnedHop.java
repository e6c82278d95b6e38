package archiver.download.http;

import archiver.domain.ErrorType;
import archiver.download.intake.PinResult;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import okhttp3.Call;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;

/**
 * Sends one request to one URL the guard approved, connecting only to the addresses it checked
 * ({@link PinnedDns}). OkHttp follows no redirects here ({@link RedirectFollower} does, hop by hop)
 * and the deadlines are OkHttp's own: the connect timeout per connection attempt, the read timeout
 * per read (headers, then each piece of the body), and the call timeout for the whole request.
 */
final class PinnedHop implements RedirectFollower.Hop {

  private final OkHttpClient client;
  private final HttpSettings settings;

  /**
   * @param base what the client starts from; the public constructor of {@link GuardedHttp} gives a
   *     plain one without proxy, tests one with a proxy or a recording socket factory
   */
  PinnedHop(OkHttpClient base, HttpSettings settings) {
    this.settings = settings;
    this.client =
        base.newBuilder()
            .followRedirects(false)
            .followSslRedirects(false)
            .connectTimeout(settings.connectTimeout())
            .readTimeout(settings.requestTimeout())
            .writeTimeout(settings.requestTimeout())
            .build();
  }

  @Override
  public OpenResponse send(
      String method, PinResult.Pinned target, Map<String, String> headers, Deadline deadline)
      throws HttpFailure, InterruptedException {
    Request request = request(method, target, headers);
    String host = target.uri().getHost();
    CallTrace trace = new CallTrace();
    // A client per hop is how OkHttp customises one call; it shares the pool and the TLS setup.
    Call call =
        client
            .newBuilder()
            .dns(new PinnedDns(host, target.addresses()))
            .eventListener(trace)
            .build()
            .newCall(request);
    Duration headerWait = min(settings.requestTimeout(), deadline.remaining());
    deadline.applyTo(call);
    try {
      return new OpenResponse(target.uri(), call, call.execute(), settings.requestTimeout());
    } catch (IOException e) {
      throw failure(e, call, trace, host, headerWait);
    }
  }

  /** Drops the idle connections; the client has no threads of its own for blocking calls. */
  void close() {
    client.connectionPool().evictAll();
  }

  private Request request(String method, PinResult.Pinned target, Map<String, String> headers)
      throws HttpFailure {
    try {
      Request.Builder builder =
          new Request.Builder()
              .url(HttpUrl.get(target.uri().toString()))
              .method(method, null)
              .header("User-Agent", settings.userAgent());
      headers.forEach(builder::header);
      return builder.build();
    } catch (IllegalArgumentException e) {
      throw HttpFailure.of(
          ErrorType.UNSUPPORTED_SOURCE, "cannot fetch this URL: " + e.getMessage());
    }
  }

  /**
   * What went wrong before the headers arrived, from how far the call got: cancelled by its
   * timeout, not connected yet, or connected and then silent.
   */
  private HttpFailure failure(
      IOException e, Call call, CallTrace trace, String host, Duration headerWait)
      throws InterruptedException {
    HttpFailure.throwIfInterrupted();
    if (call.isCanceled()) {
      return HttpFailure.of(
          ErrorType.TIMEOUT, host + " did not answer within " + HttpFailure.seconds(headerWait));
    }
    if (!trace.connected()) {
      if (e instanceof SocketTimeoutException) {
        return HttpFailure.network(
            "could not connect to "
                + host
                + " within "
                + HttpFailure.seconds(settings.connectTimeout()));
      }
      return HttpFailure.network("could not connect to " + host + ": " + HttpFailure.describe(e));
    }
    if (e instanceof SocketTimeoutException) {
      return HttpFailure.of(
          ErrorType.TIMEOUT, host + " did not answer within " + HttpFailure.seconds(headerWait));
    }
    return HttpFailure.network(host + ": " + HttpFailure.describe(e));
  }

  private static Duration min(Duration a, Duration b) {
    return a.compareTo(b) <= 0 ? a : b;
  }
}
