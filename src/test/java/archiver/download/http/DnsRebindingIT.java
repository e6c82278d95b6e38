package archiver.download.http;

import static archiver.download.http.HttpTesting.filesIn;
import static archiver.download.http.HttpTesting.randomBytes;
import static org.assertj.core.api.Assertions.assertThat;

import archiver.domain.ErrorType;
import archiver.download.DownloadFailure;
import archiver.download.ProgressListener;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import archiver.testing.LocalMediaServer;
import java.net.InetAddress;
import java.net.Proxy;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * DNS rebinding: the URL guard resolves a name and judges its addresses; the connection must go to
 * those addresses and nowhere else, however the name answers afterwards.
 */
class DnsRebindingIT {

  private static final long CAP = 1_000_000;

  @TempDir Path dir;

  private LocalMediaServer server;
  private final RecordingSockets sockets = RecordingSockets.loopbackOnly();
  private final List<String> lookups = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() {
    server = LocalMediaServer.start();
    server.serve("/a.mp3", randomBytes(50_000), "audio/mpeg");
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** A hostile name server: the first answer for the check, every later one for the attack. */
  private HostResolver answering(String first, String later) {
    return host -> {
      lookups.add(host);
      return List.of(InetAddress.getByName(lookups.size() == 1 ? first : later));
    };
  }

  private GuardedHttp http(boolean allowPrivateAddresses, HostResolver resolver) {
    IntakeSettings settings =
        new IntakeSettings(
            true, allowPrivateAddresses, List.of(), IntakeSettings.DEFAULT_LECTURE_SITES, 5);
    return new GuardedHttp(
        new UrlIntake(settings, resolver).guard(),
        HttpTesting.FAST,
        Clock.systemUTC(),
        new OkHttpClient.Builder().proxy(Proxy.NO_PROXY).socketFactory(sockets).build());
  }

  private URI onTheLocalServersPort(String host) {
    return URI.create("http://" + host + ":" + server.port() + "/a.mp3");
  }

  @Test
  void givenDefaultAddressRules_whenANameRebindsToLoopbackAfterTheCheck_thenLoopbackIsNeverReached()
      throws Exception {
    try (GuardedHttp http = http(false, answering("93.184.215.14", "127.0.0.1"))) {
      HttpResult<GuardedHttp.Saved> result =
          http.download(
              onTheLocalServersPort("media.example.com"),
              dir.resolve("media.mp3"),
              CAP,
              ProgressListener.none(),
              Duration.ofSeconds(5));

      assertThat(result).isInstanceOf(HttpResult.Failed.class);
      DownloadFailure f = ((HttpResult.Failed<?>) result).failure();
      assertThat(f.type()).isEqualTo(ErrorType.NETWORK_ERROR);
      assertThat(f.message()).startsWith("could not connect to media.example.com");
    }
    assertThat(lookups).containsExactly("media.example.com");
    assertThat(sockets.addresses()).isNotEmpty().containsOnly("93.184.215.14");
    assertThat(server.requests()).isEmpty();
    assertThat(filesIn(dir)).isEmpty();
  }

  @Test
  void givenDefaultAddressRules_whenTheCheckItselfSeesLoopback_thenRefusedWithoutAConnection()
      throws Exception {
    try (GuardedHttp http = http(false, answering("127.0.0.1", "93.184.215.14"))) {
      HttpResult<GuardedHttp.ResponseInfo> result =
          http.head(onTheLocalServersPort("media.example.com"));

      DownloadFailure f = ((HttpResult.Failed<?>) result).failure();
      assertThat(f.type()).isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
      assertThat(f.message()).contains("media.example.com resolves to 127.0.0.1");
    }
    assertThat(sockets.attempts()).isEmpty();
    assertThat(server.requests()).isEmpty();
  }

  @Test
  void givenPrivateAddressesAllowed_whenANameChangesAfterTheCheck_thenTheCheckedAddressIsUsed()
      throws Exception {
    // The name answers loopback (where the server is) first and a documentation address later: the
    // file arrives only if the connection went to the first answer, without a second lookup.
    try (GuardedHttp http = http(true, answering("127.0.0.1", "192.0.2.1"))) {
      HttpResult<GuardedHttp.Saved> result =
          http.download(
              onTheLocalServersPort("media.example.com"),
              dir.resolve("media.mp3"),
              CAP,
              ProgressListener.none(),
              Duration.ofSeconds(5));

      GuardedHttp.Saved saved = ((HttpResult.Ok<GuardedHttp.Saved>) result).value();
      assertThat(Files.readAllBytes(saved.file())).isEqualTo(randomBytes(50_000));
    }
    assertThat(lookups).containsExactly("media.example.com");
    assertThat(sockets.addresses()).containsOnly("127.0.0.1");
    assertThat(server.requestsFor("/a.mp3").get(0).header("Host"))
        .contains("media.example.com:" + server.port());
  }
}
