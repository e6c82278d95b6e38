package archiver.download.http;

import static archiver.download.http.HttpTesting.filesIn;
import static archiver.download.http.HttpTesting.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import archiver.domain.DownloadProgress;
import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import archiver.download.ProgressListener;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import archiver.testing.LocalMediaServer;
import archiver.testing.LocalMediaServer.Drip;
import archiver.testing.LocalMediaServer.Redirect;
import archiver.testing.LocalMediaServer.ResetMidBody;
import archiver.testing.LocalMediaServer.Status;
import archiver.testing.LocalMediaServer.TooManyRequests;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ProxySelector;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link GuardedHttp} against real sockets on 127.0.0.1 that misbehave on purpose. */
class GuardedHttpIT {

  private static final long CAP = 1_000_000;
  private static final Duration TIMEOUT = Duration.ofSeconds(5);

  @TempDir Path dir;

  private LocalMediaServer server;
  private RawHttpServer raw;
  private GuardedHttp http;
  private final List<DownloadProgress> progress = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
    raw = RawHttpServer.start();
    http = HttpTesting.localHttp();
  }

  @AfterEach
  void stop() {
    http.close();
    raw.close();
    server.close();
  }

  private HttpResult<GuardedHttp.Saved> download(URI uri) throws InterruptedException {
    return http.download(uri, dir.resolve("media.bin"), CAP, progress::add, TIMEOUT);
  }

  private static DownloadFailure failure(HttpResult<?> result) {
    assertThat(result).isInstanceOf(HttpResult.Failed.class);
    return ((HttpResult.Failed<?>) result).failure();
  }

  @Test
  void givenMediaDrippedOverASecond_whenDownloaded_thenSavedWithThrottledProgress()
      throws Exception {
    byte[] body = randomBytes(400_000);
    server.respond("/clip.mp4", new Drip(body, "video/mp4", 20_000, Duration.ofMillis(60)));
    List<Long> reportedAt = new CopyOnWriteArrayList<>();

    HttpResult<GuardedHttp.Saved> result =
        http.download(
            server.uri("/clip.mp4"),
            dir.resolve("media.bin"),
            CAP,
            p -> {
              progress.add(p);
              reportedAt.add(System.nanoTime());
            },
            TIMEOUT);

    GuardedHttp.Saved saved = ((HttpResult.Ok<GuardedHttp.Saved>) result).value();
    assertThat(saved.sizeBytes()).isEqualTo(body.length);
    assertThat(saved.contentType()).contains("video/mp4");
    assertThat(Files.readAllBytes(saved.file())).isEqualTo(body);
    assertThat(filesIn(dir)).containsExactly("media.bin");
    // 20 chunks 60 ms apart: at least two interim reports, then the final one.
    assertThat(progress).hasSizeGreaterThanOrEqualTo(3);
    assertThat(progress).extracting(DownloadProgress::downloadedBytes).isSorted();
    for (int i = 1; i < reportedAt.size() - 1; i++) {
      assertThat(Duration.ofNanos(reportedAt.get(i) - reportedAt.get(i - 1)))
          .isGreaterThanOrEqualTo(Duration.ofMillis(240));
    }
    DownloadProgress last = progress.get(progress.size() - 1);
    assertThat(last.downloadedBytes()).isEqualTo(body.length);
    assertThat(last.totalBytes()).hasValue(body.length);
    assertThat(last.percent()).hasValue(100);
    assertThat(progress.get(0).speedBytesPerSecond()).isPresent();
    assertThat(progress.get(0).etaSeconds()).isPresent();
  }

  @Test
  void givenMissingFile_whenDownloaded_thenHttpError404AndNoFile() throws Exception {
    server.respond("/gone.mp4", new Status(404, "no such clip"));

    DownloadFailure f = failure(download(server.uri("/gone.mp4")));

    assertThat(f.type()).isEqualTo(ErrorType.HTTP_ERROR);
    assertThat(f.httpStatus()).contains(404);
    assertThat(f.message()).isEqualTo("HTTP Error 404: Not Found");
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenPlainForbidden_whenDownloaded_thenHttpError() throws Exception {
    server.respond("/f.mp4", new Status(403, "Access denied."));

    DownloadFailure f = failure(download(server.uri("/f.mp4")));

    assertThat(f.type()).isEqualTo(ErrorType.HTTP_ERROR);
    assertThat(f.httpStatus()).contains(403);
  }

  @Test
  void givenForbiddenAskingToSignIn_whenDownloaded_thenAuthError() throws Exception {
    server.respond("/f.mp4", new Status(403, "Please log in to download this lecture."));

    DownloadFailure f = failure(download(server.uri("/f.mp4")));

    assertThat(f.type()).isEqualTo(ErrorType.AUTH_ERROR);
    assertThat(f.message()).contains("403").contains("sign in");
    assertThat(f.detail()).contains("Please log in");
  }

  @Test
  void givenNotFoundPageWithLoginLink_whenDownloaded_thenStillHttpError() throws Exception {
    server.respond("/x.mp4", new Status(404, "Not found. Log in to your account | Register"));

    assertThat(failure(download(server.uri("/x.mp4"))).type()).isEqualTo(ErrorType.HTTP_ERROR);
  }

  @Test
  void givenUnauthorized_whenDownloaded_thenAuthError() throws Exception {
    server.respond("/u.mp4", new Status(401, "who are you"));

    assertThat(failure(download(server.uri("/u.mp4"))).type()).isEqualTo(ErrorType.AUTH_ERROR);
  }

  @Test
  void givenTooManyRequests_whenDownloaded_thenRateLimitWithRetryAfterSeconds() throws Exception {
    server.respond("/busy.mp4", new TooManyRequests(120));

    DownloadFailure f = failure(download(server.uri("/busy.mp4")));

    assertThat(f.type()).isEqualTo(ErrorType.RATE_LIMIT);
    assertThat(f.httpStatus()).contains(429);
    assertThat(f.retryAfter()).contains(Duration.ofSeconds(120));
  }

  @Test
  void givenTooManyRequestsWithHttpDate_whenDownloaded_thenRetryAfterUntilThatDate()
      throws Exception {
    String date =
        DateTimeFormatter.RFC_1123_DATE_TIME.format(
            Instant.now().plusSeconds(90).atOffset(ZoneOffset.UTC));
    raw.on(
        "/busy.mp3",
        (request, socket, out) ->
            RawHttpServer.head(out, 429, "Retry-After: " + date, "Content-Length: 0"));

    DownloadFailure f = failure(download(raw.uri("/busy.mp3")));

    assertThat(f.type()).isEqualTo(ErrorType.RATE_LIMIT);
    assertThat(f.retryAfter().orElseThrow().toSeconds()).isCloseTo(90, within(3L));
  }

  @Test
  void givenConnectionClosedMidBody_whenDownloaded_thenNetworkErrorAndPartialFileRemoved()
      throws Exception {
    server.respond("/cut.mp4", new ResetMidBody(randomBytes(500_000), "video/mp4", 100_000));

    DownloadFailure f = failure(download(server.uri("/cut.mp4")));

    assertThat(f.type()).isEqualTo(ErrorType.NETWORK_ERROR);
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenTcpResetMidBody_whenDownloaded_thenNetworkErrorAndPartialFileRemoved()
      throws Exception {
    raw.on(
        "/rst.mp4",
        (request, socket, out) -> {
          RawHttpServer.head(out, 200, "Content-Type: video/mp4", "Content-Length: 500000");
          out.write(randomBytes(100_000));
          out.flush();
          RawHttpServer.reset(socket);
        });

    DownloadFailure f = failure(download(raw.uri("/rst.mp4")));

    assertThat(f.type()).isEqualTo(ErrorType.NETWORK_ERROR);
    assertThat(f.message()).contains("connection");
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenDripSlowerThanTimeout_whenDownloaded_thenTimeoutOnTimeAndPartialFileRemoved()
      throws Exception {
    // 100 KB at 1 KB every 50 ms would take 5 s; the budget is 1 s.
    server.respond(
        "/slow.mp3", new Drip(randomBytes(100_000), "audio/mpeg", 1_000, Duration.ofMillis(50)));

    long start = System.nanoTime();
    HttpResult<GuardedHttp.Saved> result =
        http.download(
            server.uri("/slow.mp3"),
            dir.resolve("media.mp3"),
            CAP,
            progress::add,
            Duration.ofSeconds(1));
    Duration took = Duration.ofNanos(System.nanoTime() - start);

    assertThat(failure(result).type()).isEqualTo(ErrorType.TIMEOUT);
    assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofSeconds(4));
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenServerThatNeverAnswers_whenFetched_thenTimeoutAfterRequestTimeout() throws Exception {
    CountDownLatch release = new CountDownLatch(1);
    raw.on(
        "/hang",
        (request, socket, out) -> {
          try {
            release.await();
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    try {
      DownloadFailure f = failure(http.getText(raw.uri("/hang"), 1000));
      assertThat(f.type()).isEqualTo(ErrorType.TIMEOUT);
      assertThat(f.message()).contains("did not answer within 3 s");
    } finally {
      release.countDown();
    }
  }

  @Test
  void givenContentLengthOverCap_whenDownloaded_thenSizeLimitAndNothingWritten() throws Exception {
    server.serve("/big.mp4", randomBytes((int) CAP + 1), "video/mp4");

    DownloadFailure f = failure(download(server.uri("/big.mp4")));

    assertThat(f.type()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(f.message()).contains("over the limit");
    assertThat(filesIn(dir)).isEmpty();
    assertThat(progress).isEmpty();
  }

  @Test
  void givenBodyWithoutContentLengthOverCap_whenDownloaded_thenCutAtCapAndRemoved()
      throws Exception {
    AtomicReference<Long> written = new AtomicReference<>(0L);
    raw.on(
        "/endless.mp4",
        (request, socket, out) -> {
          RawHttpServer.head(out, 200, "Content-Type: video/mp4");
          byte[] chunk = randomBytes(64 * 1024);
          for (int i = 0; i < 64; i++) { // 4 MB, four times the cap
            out.write(chunk);
            written.set(written.get() + chunk.length);
          }
        });

    DownloadFailure f = failure(download(raw.uri("/endless.mp4")));

    assertThat(f.type()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(filesIn(dir)).isEmpty();
    assertThat(progress).allSatisfy(p -> assertThat(p.downloadedBytes()).isLessThanOrEqualTo(CAP));
  }

  @Test
  void givenChunkedBodyOverCap_whenDownloaded_thenSizeLimitAndRemoved() throws Exception {
    raw.on(
        "/chunked.mp3",
        (request, socket, out) -> {
          RawHttpServer.head(out, 200, "Content-Type: audio/mpeg", "Transfer-Encoding: chunked");
          byte[] chunk = randomBytes(100_000);
          for (int i = 0; i < 30; i++) {
            out.write(
                (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(chunk);
            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
          }
          out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        });

    DownloadFailure f = failure(download(raw.uri("/chunked.mp3")));

    assertThat(f.type()).isEqualTo(ErrorType.SIZE_LIMIT);
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenRedirectChain_whenDownloaded_thenEachHopFollowedToTheFile() throws Exception {
    byte[] body = randomBytes(10_000);
    server.serve("/files/clip.mp4", body, "video/mp4");
    server.respond("/a", new Redirect(302, "/b"));
    server.respond("/b", new Redirect(301, "c"));
    server.respond("/c", new Redirect(307, server.baseUrl() + "/files/clip.mp4"));

    HttpResult<GuardedHttp.Saved> result = download(server.uri("/a"));

    GuardedHttp.Saved saved = ((HttpResult.Ok<GuardedHttp.Saved>) result).value();
    assertThat(saved.uri()).isEqualTo(server.uri("/files/clip.mp4"));
    assertThat(Files.readAllBytes(saved.file())).isEqualTo(body);
    assertThat(server.requestedPaths()).containsExactly("/a", "/b", "/c", "/files/clip.mp4");
    assertThat(server.requestsFor("/a").get(0).header("User-Agent")).contains("archiver-test/1");
  }

  @Test
  void givenRedirectLoop_whenDownloaded_thenHttpErrorAfterFiveRedirects() throws Exception {
    server.respond("/loop1", new Redirect(302, "/loop2"));
    server.respond("/loop2", new Redirect(302, "/loop1"));

    DownloadFailure f = failure(download(server.uri("/loop1")));

    assertThat(f.type()).isEqualTo(ErrorType.HTTP_ERROR);
    assertThat(f.message()).contains("more than 5 redirects");
    assertThat(server.requests()).hasSize(6);
  }

  @Test
  void givenDefaultAddressRules_whenPublicHostRedirectsToLoopback_thenRefusedAtTheHop()
      throws Exception {
    server.serve("/secret", "internal".getBytes(StandardCharsets.UTF_8), "audio/mpeg");
    server.respond("/go", new Redirect(302, server.baseUrl() + "/secret"));

    try (GuardedHttp guarded = publicLookingHttp()) {
      DownloadFailure f =
          failure(
              guarded.download(
                  URI.create("http://media.example.com/go"),
                  dir.resolve("media.mp3"),
                  CAP,
                  ProgressListener.none(),
                  TIMEOUT));

      assertThat(f.type()).isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
      assertThat(f.message()).contains("redirect").contains("127.0.0.1");
    }
    assertThat(server.requestedPaths()).containsExactly("/go");
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenDefaultAddressRules_whenRedirectToNameResolvingPrivate_thenRefusedAtTheHop()
      throws Exception {
    server.respond("/go", new Redirect(301, "http://nas.example.net/admin"));

    try (GuardedHttp guarded = publicLookingHttp()) {
      DownloadFailure f = failure(guarded.head(URI.create("http://media.example.com/go")));

      assertThat(f.type()).isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
      assertThat(f.message()).contains("nas.example.net resolves to 10.1.2.3");
    }
    assertThat(server.requestedPaths()).containsExactly("/go");
  }

  @Test
  void givenDefaultAddressRules_whenLinkIsLoopback_thenRefusedWithoutRequest() throws Exception {
    server.serve("/a.mp3", randomBytes(100), "audio/mpeg");
    UrlIntake intake = new UrlIntake(IntakeSettings.defaults(), host -> List.of());
    try (GuardedHttp guarded =
        new GuardedHttp(intake.guard(), HttpTesting.FAST, Clock.systemUTC())) {
      DownloadFailure f = failure(guarded.head(server.uri("/a.mp3")));

      assertThat(f.type()).isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
      assertThat(f.message()).startsWith("refused to fetch the link");
    }
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void givenDownloadInterrupted_whenStreaming_thenPartialFileRemoved() throws Exception {
    server.respond(
        "/long.mp4", new Drip(randomBytes(500_000), "video/mp4", 2_000, Duration.ofMillis(20)));
    AtomicReference<Object> outcome = new AtomicReference<>();
    Thread worker =
        Thread.ofPlatform()
            .start(
                () -> {
                  try {
                    outcome.set(download(server.uri("/long.mp4")));
                  } catch (InterruptedException e) {
                    outcome.set(e);
                  }
                });
    await().atMost(Duration.ofSeconds(5)).until(() -> !progress.isEmpty());
    assertThat(filesIn(dir)).containsExactly("media.bin.part");

    worker.interrupt();
    worker.join(5_000);

    assertThat(outcome.get()).isInstanceOf(InterruptedException.class);
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenHeadRefused_whenProbed_thenSizeFromFirstByteRange() throws Exception {
    raw.on(
        "/nohead.mp3",
        (request, socket, out) -> {
          if (request.method().equals("HEAD")) {
            RawHttpServer.head(out, 405, "Content-Length: 0");
          } else if ("bytes=0-0".equals(request.headers().get("range"))) {
            RawHttpServer.head(
                out,
                206,
                "Content-Type: audio/mpeg",
                "Content-Range: bytes 0-0/7340032",
                "Content-Length: 1",
                "Content-Disposition: attachment; filename=\"Lesson 4.mp3\"");
            out.write(0);
          } else {
            RawHttpServer.head(out, 400, "Content-Length: 0");
          }
        });

    HttpResult<GuardedHttp.ResponseInfo> result = http.probe(raw.uri("/nohead.mp3"));

    GuardedHttp.ResponseInfo info = ((HttpResult.Ok<GuardedHttp.ResponseInfo>) result).value();
    assertThat(info.sizeBytes()).hasValue(7_340_032);
    assertThat(info.contentType()).contains("audio/mpeg");
    assertThat(info.fileName()).contains("Lesson 4.mp3");
    assertThat(raw.requests())
        .extracting(RawHttpServer.Request::method)
        .containsExactly("HEAD", "GET");
  }

  @Test
  void givenLongPage_whenReadAsText_thenCutAtMaxChars() throws Exception {
    server.respond("/page", new LocalMediaServer.Html("<p>" + "ب".repeat(20_000) + "</p>"));

    HttpResult<GuardedHttp.Text> result = http.getText(server.uri("/page"), 1_000);

    GuardedHttp.Text text = ((HttpResult.Ok<GuardedHttp.Text>) result).value();
    assertThat(text.truncated()).isTrue();
    assertThat(text.text()).hasSize(1_000).startsWith("<p>بب");
  }

  @Test
  void givenNothingListening_whenFetched_thenNetworkError() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    DownloadFailure f = failure(http.head(URI.create("http://127.0.0.1:" + port + "/a.mp3")));

    assertThat(f.type()).isEqualTo(ErrorType.NETWORK_ERROR);
    assertThat(f.message()).contains("could not connect");
  }

  @Test
  void givenHtmlWhereMediaWasExpected_whenDownloadedWithTypeCheck_thenRefusedBeforeWriting()
      throws Exception {
    server.respond("/login", new LocalMediaServer.Html("<form>sign in</form>"));

    DownloadFailure f =
        failure(
            http.download(
                server.uri("/login"),
                dir.resolve("media.mp3"),
                CAP,
                ProgressListener.none(),
                TIMEOUT,
                type -> !MediaTypes.isHtml(type)));

    assertThat(f.type()).isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
    assertThat(f.message()).contains("text/html");
    assertThat(filesIn(dir)).isEmpty();
  }

  /**
   * The default address rules, with "media.example.com" resolving (in the guard) to a public
   * address, and every request sent through the local server as an HTTP proxy, so that the test
   * reaches 127.0.0.1 only where a public host would have been.
   */
  private GuardedHttp publicLookingHttp() {
    IntakeSettings defaultsWithHttp =
        new IntakeSettings(true, false, List.of(), IntakeSettings.DEFAULT_LECTURE_SITES, 5);
    Map<String, String> dns =
        Map.of("media.example.com", "93.184.215.14", "nas.example.net", "10.1.2.3");
    UrlIntake intake =
        new UrlIntake(
            defaultsWithHttp,
            host -> {
              String address = dns.get(host);
              if (address == null) {
                throw new java.net.UnknownHostException(host);
              }
              return List.of(InetAddress.getByName(address));
            });
    return new GuardedHttp(
        intake.guard(),
        HttpTesting.FAST,
        Clock.systemUTC(),
        new OkHttpClient.Builder()
            .proxySelector(
                ProxySelector.of(
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), server.port())))
            .build());
  }
}
