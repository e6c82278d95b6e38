package archiver.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.testing.LocalMediaServer.Drip;
import archiver.testing.LocalMediaServer.Html;
import archiver.testing.LocalMediaServer.Redirect;
import archiver.testing.LocalMediaServer.ResetMidBody;
import archiver.testing.LocalMediaServer.Status;
import archiver.testing.LocalMediaServer.TooManyRequests;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class LocalMediaServerTest {

  private static final byte[] BODY = "0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

  private final LocalMediaServer server = LocalMediaServer.start();
  private final HttpClient client =
      HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();

  @AfterEach
  void close() {
    server.close();
    client.close();
  }

  private HttpResponse<byte[]> get(String path, String... headers) throws Exception {
    HttpRequest.Builder request = HttpRequest.newBuilder(server.uri(path));
    if (headers.length > 0) {
      request.headers(headers);
    }
    return client.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void givenRegisteredBytes_whenGetAndHead_thenBodyTypeAndLengthAreServed() throws Exception {
    server.serve("/clip.mp4", BODY, "video/mp4");

    HttpResponse<byte[]> get = get("/clip.mp4");
    HttpResponse<Void> head =
        client.send(
            HttpRequest.newBuilder(server.uri("/clip.mp4"))
                .method("HEAD", HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.discarding());

    assertThat(get.statusCode()).isEqualTo(200);
    assertThat(get.body()).isEqualTo(BODY);
    assertThat(get.headers().firstValue("Content-Type")).hasValue("video/mp4");
    assertThat(head.statusCode()).isEqualTo(200);
    assertThat(head.headers().firstValue("Content-Length")).hasValue("16");
    assertThat(server.requests())
        .extracting(LocalMediaServer.RecordedRequest::method)
        .containsExactly("GET", "HEAD");
  }

  @Test
  void givenRangeRequests_whenServed_thenPartialContentOrUnsatisfiable() throws Exception {
    server.serve("/clip.mp4", BODY, "video/mp4");

    HttpResponse<byte[]> middle = get("/clip.mp4", "Range", "bytes=2-5");
    HttpResponse<byte[]> open = get("/clip.mp4", "Range", "bytes=10-");
    HttpResponse<byte[]> suffix = get("/clip.mp4", "Range", "bytes=-3");
    HttpResponse<byte[]> beyond = get("/clip.mp4", "Range", "bytes=99-");

    assertThat(middle.statusCode()).isEqualTo(206);
    assertThat(new String(middle.body(), StandardCharsets.US_ASCII)).isEqualTo("2345");
    assertThat(middle.headers().firstValue("Content-Range")).hasValue("bytes 2-5/16");
    assertThat(new String(open.body(), StandardCharsets.US_ASCII)).isEqualTo("abcdef");
    assertThat(new String(suffix.body(), StandardCharsets.US_ASCII)).isEqualTo("def");
    assertThat(beyond.statusCode()).isEqualTo(416);
    assertThat(server.requestsFor("/clip.mp4").get(0).header("range")).hasValue("bytes=2-5");
  }

  @Test
  void givenMisbehaviours_whenRequested_thenStatusesHeadersAndBodiesAreAsRegistered()
      throws Exception {
    server
        .respond("/forbidden", new Status(403, "no access"))
        .respond("/busy", new TooManyRequests(120))
        .respond("/moved", new Redirect(302, "/clip.mp4"))
        .respond("/page", new Html("<html><body>no media</body></html>"))
        .serve("/fake.mp4", BODY, "text/plain");

    assertThat(get("/forbidden").statusCode()).isEqualTo(403);
    assertThat(new String(get("/forbidden").body(), StandardCharsets.UTF_8)).isEqualTo("no access");
    assertThat(get("/busy").statusCode()).isEqualTo(429);
    assertThat(get("/busy").headers().firstValue("Retry-After")).hasValue("120");
    assertThat(get("/moved").headers().firstValue("Location")).hasValue("/clip.mp4");
    assertThat(get("/page").headers().firstValue("Content-Type"))
        .hasValue("text/html; charset=utf-8");
    assertThat(get("/fake.mp4").headers().firstValue("Content-Type")).hasValue("text/plain");
    assertThat(get("/unregistered").statusCode()).isEqualTo(404);
  }

  @Test
  void givenAResetMidBody_whenReading_thenTheBodyEndsEarly() {
    server.respond("/reset.mp4", new ResetMidBody(new byte[10_000], "video/mp4", 100));

    assertThatThrownBy(() -> get("/reset.mp4")).isInstanceOf(IOException.class);
  }

  @Test
  void givenADrip_whenReadToTheEnd_thenAllBytesArriveInOrder() throws Exception {
    server.respond("/drip.mp4", new Drip(BODY, "video/mp4", 5, Duration.ofMillis(10)));

    HttpResponse<byte[]> response = get("/drip.mp4");

    assertThat(response.body()).isEqualTo(BODY);
  }
}
