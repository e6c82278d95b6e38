package archiver.download.http;

import archiver.domain.ErrorType;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import okhttp3.Call;
import okhttp3.Response;
import okio.Buffer;
import okio.BufferedSource;

/**
 * One answered hop: the URL that answered, its OkHttp call and response. Closing it drops what is
 * left of the body.
 *
 * @param silence how long the body may stall between two reads (the client's read timeout)
 */
record OpenResponse(URI uri, Call call, Response response, Duration silence)
    implements AutoCloseable {

  int status() {
    return response.code();
  }

  boolean successful() {
    return response.code() >= 200 && response.code() <= 299;
  }

  Optional<String> header(String name) {
    return Optional.ofNullable(response.header(name));
  }

  Optional<String> contentType() {
    return header("Content-Type");
  }

  GuardedHttp.ResponseInfo info() {
    return ResponseHeaders.info(uri, response);
  }

  /** The body; an empty one for a response that has none (HEAD). */
  BufferedSource body() {
    return response.body() != null ? response.body().source() : new Buffer();
  }

  /**
   * Why reading the body failed, from what is known rather than from the exception's text: the call
   * was cancelled by its timeout (the whole-request deadline passed), a read waited longer than the
   * read timeout (the connection stalled), or the connection broke.
   *
   * @param budget the whole request's time, for the message
   * @throws InterruptedException when the thread was interrupted (Okio's InterruptedIOException)
   */
  HttpFailure bodyFailure(IOException e, long received, Duration budget)
      throws InterruptedException {
    HttpFailure.throwIfInterrupted();
    if (call.isCanceled()) {
      return HttpFailure.of(
          ErrorType.TIMEOUT,
          "the download took longer than "
              + HttpFailure.seconds(budget)
              + " ("
              + received
              + " bytes received)");
    }
    if (e instanceof SocketTimeoutException) {
      return HttpFailure.network(
          "the connection stalled after "
              + received
              + " bytes: nothing arrived for "
              + HttpFailure.seconds(silence));
    }
    return HttpFailure.network(
        "the connection broke after " + received + " bytes: " + HttpFailure.describe(e));
  }

  @Override
  public void close() {
    response.close();
  }
}
