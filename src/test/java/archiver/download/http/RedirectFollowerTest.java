package archiver.download.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import archiver.domain.ErrorType;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.PinResult;
import archiver.download.intake.UrlGuard;
import archiver.download.intake.UrlIntake;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import okhttp3.OkHttpClient;
import okhttp3.Protocol;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.ResponseBody;
import org.junit.jupiter.api.Test;

/** Manual redirects: every hop meets the guard, is pinned to what it resolved, and is counted. */
class RedirectFollowerTest {

  private static final Map<String, String> DNS =
      Map.of(
          "media.example.com", "93.184.215.14",
          "cdn.example.net", "151.101.1.1",
          "nas.example.net", "10.1.2.3");

  private final List<String> lookups = new ArrayList<>();
  private final UrlGuard guard =
      new UrlIntake(
              new IntakeSettings(true, false, List.of(), IntakeSettings.DEFAULT_LECTURE_SITES, 5),
              host -> {
                lookups.add(host);
                String address = DNS.get(host);
                if (address == null) {
                  throw new UnknownHostException(host);
                }
                return List.of(InetAddress.getByName(address));
              })
          .guard();

  /** Answers hops from a script and records what it was asked to connect to. */
  private static final class ScriptedHop implements RedirectFollower.Hop {
    private final OkHttpClient client = new OkHttpClient();
    private final Deque<Response.Builder> script = new ArrayDeque<>();
    final List<PinResult.Pinned> sent = new ArrayList<>();
    final List<OpenResponse> answers = new ArrayList<>();

    ScriptedHop then(int status, String location) {
      Response.Builder r = new Response.Builder().code(status).message("X");
      if (location != null) {
        r.header("Location", location);
      }
      script.add(r);
      return this;
    }

    @Override
    public OpenResponse send(
        String method, PinResult.Pinned target, Map<String, String> headers, Deadline deadline) {
      sent.add(target);
      Request request = new Request.Builder().url(target.uri().toString()).build();
      Response.Builder next =
          script.isEmpty() ? new Response.Builder().code(200).message("OK") : script.poll();
      Response response =
          next.request(request)
              .protocol(Protocol.HTTP_1_1)
              .body(ResponseBody.create("", null))
              .build();
      OpenResponse answer =
          new OpenResponse(target.uri(), client.newCall(request), response, Duration.ofSeconds(1));
      answers.add(answer);
      return answer;
    }
  }

  private static Deadline aMinute() {
    return Deadline.in(Duration.ofMinutes(1), Clock.systemUTC());
  }

  private static ErrorType typeOf(Throwable t) {
    return ((HttpFailure) t).failure().type();
  }

  @Test
  void givenRedirectsAcrossHosts_whenFollowed_thenEveryHopIsPinnedToTheAddressItsCheckResolved()
      throws Exception {
    ScriptedHop hop =
        new ScriptedHop().then(302, "http://cdn.example.net/files/a.mp3").then(301, "/files/b.mp3");
    RedirectFollower follower = new RedirectFollower(guard, 5, hop);

    try (OpenResponse answer =
        follower.follow("GET", URI.create("http://media.example.com/go"), Map.of(), aMinute())) {
      assertThat(answer.status()).isEqualTo(200);
      assertThat(answer.uri()).isEqualTo(URI.create("http://cdn.example.net/files/b.mp3"));
    }
    assertThat(hop.sent)
        .extracting(p -> p.uri().toString())
        .containsExactly(
            "http://media.example.com/go",
            "http://cdn.example.net/files/a.mp3",
            "http://cdn.example.net/files/b.mp3");
    assertThat(hop.sent)
        .extracting(p -> p.addresses().get(0).getHostAddress())
        .containsExactly("93.184.215.14", "151.101.1.1", "151.101.1.1");
    assertThat(lookups).containsExactly("media.example.com", "cdn.example.net", "cdn.example.net");
  }

  @Test
  void givenRedirectToANameResolvingPrivate_whenFollowed_thenRefusedAndThatHopNeverSent() {
    ScriptedHop hop = new ScriptedHop().then(302, "http://nas.example.net/admin");
    RedirectFollower follower = new RedirectFollower(guard, 5, hop);

    assertThatThrownBy(
            () ->
                follower.follow(
                    "GET", URI.create("http://media.example.com/go"), Map.of(), aMinute()))
        .isInstanceOfSatisfying(
            HttpFailure.class,
            f -> {
              assertThat(f.failure().type()).isEqualTo(ErrorType.UNSUPPORTED_SOURCE);
              assertThat(f.failure().message())
                  .isEqualTo(
                      "refused a redirect (hop 1): nas.example.net resolves to 10.1.2.3,"
                          + " private 10.0.0.0/8");
            });
    assertThat(hop.sent).extracting(p -> p.uri().getHost()).containsExactly("media.example.com");
  }

  @Test
  void givenTheFirstLinkIsRefused_whenFollowed_thenNothingIsSent() {
    ScriptedHop hop = new ScriptedHop();
    RedirectFollower follower = new RedirectFollower(guard, 5, hop);

    assertThatThrownBy(
            () -> follower.follow("GET", URI.create("http://127.0.0.1/a.mp3"), Map.of(), aMinute()))
        .satisfies(t -> assertThat(typeOf(t)).isEqualTo(ErrorType.UNSUPPORTED_SOURCE))
        .hasMessageStartingWith("refused to fetch the link");
    assertThat(hop.sent).isEmpty();
  }

  @Test
  void givenAnUnresolvableRedirectTarget_whenFollowed_thenNetworkError() {
    ScriptedHop hop = new ScriptedHop().then(302, "http://gone.example.org/a.mp3");
    RedirectFollower follower = new RedirectFollower(guard, 5, hop);

    assertThatThrownBy(
            () ->
                follower.follow(
                    "GET", URI.create("http://media.example.com/go"), Map.of(), aMinute()))
        .satisfies(t -> assertThat(typeOf(t)).isEqualTo(ErrorType.NETWORK_ERROR));
  }

  @Test
  void givenMoreRedirectsThanAllowed_whenFollowed_thenHttpErrorAfterMaxPlusOneRequests() {
    ScriptedHop hop = new ScriptedHop();
    for (int i = 0; i < 10; i++) {
      hop.then(302, "/loop" + i);
    }
    RedirectFollower follower = new RedirectFollower(guard, 3, hop);

    assertThatThrownBy(
            () ->
                follower.follow(
                    "GET", URI.create("http://media.example.com/go"), Map.of(), aMinute()))
        .satisfies(t -> assertThat(typeOf(t)).isEqualTo(ErrorType.HTTP_ERROR))
        .hasMessage("more than 3 redirects");
    assertThat(hop.sent).hasSize(4);
  }

  @Test
  void givenNoRedirectsAllowed_whenTheServerRedirects_thenHttpErrorAfterOneRequest() {
    ScriptedHop hop = new ScriptedHop().then(301, "/elsewhere");
    RedirectFollower follower = new RedirectFollower(guard, 0, hop);

    assertThatThrownBy(
            () ->
                follower.follow(
                    "HEAD", URI.create("http://media.example.com/go"), Map.of(), aMinute()))
        .hasMessage("more than 0 redirects");
    assertThat(hop.sent).hasSize(1);
  }

  @Test
  void givenRedirectWithoutLocation_whenFollowed_thenHttpErrorNamingTheStatus() {
    ScriptedHop hop = new ScriptedHop().then(307, null);
    RedirectFollower follower = new RedirectFollower(guard, 5, hop);

    assertThatThrownBy(
            () ->
                follower.follow(
                    "GET", URI.create("http://media.example.com/go"), Map.of(), aMinute()))
        .satisfies(t -> assertThat(typeOf(t)).isEqualTo(ErrorType.HTTP_ERROR))
        .hasMessage("HTTP Error 307: redirect without a Location");
  }

  @Test
  void givenAFragmentInTheLocation_whenFollowed_thenItIsNotSent() throws Exception {
    ScriptedHop hop = new ScriptedHop().then(302, "/b.mp3#t=10");
    RedirectFollower follower = new RedirectFollower(guard, 5, hop);

    follower.follow("GET", URI.create("http://media.example.com/a"), Map.of(), aMinute()).close();

    assertThat(hop.sent.get(1).uri()).isEqualTo(URI.create("http://media.example.com/b.mp3"));
  }

  @Test
  void givenAnErrorStatus_whenFollowed_thenItIsHandedBackForTheCallerToJudge() throws Exception {
    ScriptedHop hop = new ScriptedHop().then(404, null);
    RedirectFollower follower = new RedirectFollower(guard, 5, hop);

    try (OpenResponse answer =
        follower.follow("GET", URI.create("http://media.example.com/a"), Map.of(), aMinute())) {
      assertThat(answer.status()).isEqualTo(404);
    }
  }
}
