package archiver.download.http;

import static archiver.download.http.HttpTesting.filesIn;
import static archiver.download.http.HttpTesting.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import archiver.download.ProgressListener;
import archiver.download.intake.HostResolver;
import archiver.download.intake.UrlIntake;
import archiver.testing.LocalMediaServer;
import archiver.testing.LocalMediaServer.Drip;
import java.net.Proxy;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three deadlines, each on its own: the connect timeout per connection attempt, the read
 * timeout between two reads (headers or body), and the whole-request deadline over everything.
 */
class HttpDeadlinesIT {

  private static final long CAP = 1_000_000;

  /** 2 s to connect, 500 ms of silence at most, 5 redirects. */
  private static final HttpSettings QUICK =
      new HttpSettings(Duration.ofSeconds(2), Duration.ofMillis(500), "archiver-test/1", 5);

  @TempDir Path dir;

  private final CountDownLatch release = new CountDownLatch(1);
  private RawHttpServer raw;
  private LocalMediaServer server;

  @BeforeEach
  void start() {
    raw = RawHttpServer.start();
    server = LocalMediaServer.start();
  }

  @AfterEach
  void stop() {
    release.countDown();
    raw.close();
    server.close();
  }

  private static GuardedHttp http(OkHttpClient base) {
    return new GuardedHttp(
        new UrlIntake(HttpTesting.LOCAL, HostResolver.system()).guard(),
        QUICK,
        Clock.systemUTC(),
        base);
  }

  private static GuardedHttp http() {
    return http(new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).build());
  }

  private static DownloadFailure failure(HttpResult<?> result) {
    assertThat(result).isInstanceOf(HttpResult.Failed.class);
    return ((HttpResult.Failed<?>) result).failure();
  }

  private void holdUntilReleased() {
    try {
      release.await();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Test
  void givenAConnectThatTimesOut_whenFetched_thenNetworkErrorAfterTheConnectTimeout()
      throws Exception {
    RecordingSockets sockets = RecordingSockets.everyConnectTimesOut();

    try (GuardedHttp http =
        http(new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).socketFactory(sockets).build())) {
      DownloadFailure f = failure(http.head(raw.uri("/a.mp3")));

      assertThat(f.type()).isEqualTo(ErrorType.NETWORK_ERROR);
      assertThat(f.message()).isEqualTo("could not connect to 127.0.0.1 within 2 s");
    }
    assertThat(sockets.attempts())
        .isNotEmpty()
        .allSatisfy(a -> assertThat(a.timeoutMillis()).isEqualTo(2_000));
    assertThat(raw.requests()).isEmpty();
  }

  @Test
  void givenAServerSilentBeforeItsHeaders_whenFetched_thenTimeoutAfterTheReadTimeout()
      throws Exception {
    raw.on("/silent", (request, socket, out) -> holdUntilReleased());

    long start = System.nanoTime();
    try (GuardedHttp http = http()) {
      DownloadFailure f = failure(http.getText(raw.uri("/silent"), 1_000));

      assertThat(f.type()).isEqualTo(ErrorType.TIMEOUT);
      assertThat(f.message()).isEqualTo("127.0.0.1 did not answer within 0.5 s");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(400), Duration.ofSeconds(3));
  }

  @Test
  void givenABodyThatStallsMidway_whenDownloaded_thenNetworkErrorLongBeforeTheDownloadDeadline()
      throws Exception {
    raw.on(
        "/stall.mp3",
        (request, socket, out) -> {
          RawHttpServer.head(out, 200, "Content-Type: audio/mpeg", "Content-Length: 100000");
          out.write(randomBytes(10_000));
          out.flush();
          holdUntilReleased();
        });

    long start = System.nanoTime();
    try (GuardedHttp http = http()) {
      DownloadFailure f =
          failure(
              http.download(
                  raw.uri("/stall.mp3"),
                  dir.resolve("media.mp3"),
                  CAP,
                  ProgressListener.none(),
                  Duration.ofSeconds(30)));

      assertThat(f.type()).isEqualTo(ErrorType.NETWORK_ERROR);
      assertThat(f.message())
          .isEqualTo("the connection stalled after 10000 bytes: nothing arrived for 0.5 s");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenABodyThatNeverStallsButTakesTooLong_whenDownloaded_thenTheWholeRequestDeadlineEndsIt()
      throws Exception {
    // A chunk every 100 ms never trips the 500 ms read timeout; 100 chunks would take 10 s.
    server.respond(
        "/slow.mp3", new Drip(randomBytes(100_000), "audio/mpeg", 1_000, Duration.ofMillis(100)));

    long start = System.nanoTime();
    try (GuardedHttp http = http()) {
      DownloadFailure f =
          failure(
              http.download(
                  server.uri("/slow.mp3"),
                  dir.resolve("media.mp3"),
                  CAP,
                  ProgressListener.none(),
                  Duration.ofMillis(1_500)));

      assertThat(f.type()).isEqualTo(ErrorType.TIMEOUT);
      assertThat(f.message()).startsWith("the download took longer than 1.5 s (");
    }
    assertThat(Duration.ofNanos(System.nanoTime() - start))
        .isBetween(Duration.ofMillis(1_400), Duration.ofSeconds(4));
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenARedirectToASilentServer_whenFetched_thenTheDeadlineSpansBothHops() throws Exception {
    raw.on(
        "/go",
        (request, socket, out) ->
            RawHttpServer.head(out, 302, "Location: /silent", "Content-Length: 0"));
    raw.on("/silent", (request, socket, out) -> holdUntilReleased());

    long start = System.nanoTime();
    try (GuardedHttp http = http()) {
      DownloadFailure f = failure(http.head(raw.uri("/go")));

      assertThat(f.type()).isEqualTo(ErrorType.TIMEOUT);
    }
    // One request budget (0.5 s) for both hops, not one per hop.
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1_500));
    assertThat(raw.requests())
        .extracting(RawHttpServer.Request::path)
        .containsExactly("/go", "/silent");
  }
}
