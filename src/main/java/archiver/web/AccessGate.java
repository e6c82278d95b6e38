package archiver.web;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.InvalidKeyException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Who may read the page (docs/ARCHITECTURE.md, "Operator page"). With a token, a request shows it
 * as {@code Authorization: Bearer TOKEN} (Prometheus, curl) or once as {@code ?token=TOKEN} (a
 * browser), which is answered with a cookie and a redirect to the same page without the token, so
 * it leaves the address bar and the history. Every comparison takes the same time whatever the
 * guess.
 */
final class AccessGate {

  static final String COOKIE = "archiver_web";

  /** What to do with a request. */
  sealed interface Decision permits Allowed, Refused, RememberAndRedirect {}

  record Allowed() implements Decision {}

  record Refused() implements Decision {}

  /**
   * A valid {@code ?token=}: set the cookie, then show {@code location} (the same page without it).
   */
  record RememberAndRedirect(String setCookie, String location) implements Decision {}

  private final Optional<byte[]> tokenDigest;
  private final Optional<String> cookieValue;

  AccessGate(Optional<String> token) {
    this.tokenDigest = token.map(AccessGate::sha256);
    // The cookie holds a value derived from the token, not the token: a cookie that leaks (a
    // browser profile, a proxy log) cannot be used as a bearer token for /metrics scripts.
    this.cookieValue = token.map(AccessGate::cookieFor);
  }

  boolean required() {
    return tokenDigest.isPresent();
  }

  Decision decide(
      String path,
      Optional<String> rawQuery,
      Optional<String> authorization,
      List<String> cookieHeaders) {
    if (tokenDigest.isEmpty()) {
      return new Allowed();
    }
    if (authorization.isPresent()) {
      String value = authorization.get().strip();
      if (value.regionMatches(true, 0, "Bearer ", 0, 7)
          && matchesToken(value.substring(7).strip())) {
        return new Allowed();
      }
      return new Refused();
    }
    Optional<String> queryToken = rawQuery.flatMap(AccessGate::tokenParameter);
    if (queryToken.isPresent()) {
      if (!matchesToken(queryToken.get())) {
        return new Refused();
      }
      String rest = rawQuery.map(AccessGate::withoutToken).orElse("");
      return new RememberAndRedirect(
          COOKIE + "=" + cookieValue.orElseThrow() + "; Path=/; HttpOnly; SameSite=Strict",
          localPath(path) + (rest.isEmpty() ? "" : "?" + rest));
    }
    for (String header : cookieHeaders) {
      for (String pair : header.split(";")) {
        String p = pair.strip();
        if (p.startsWith(COOKIE + "=")
            && constantTimeEquals(p.substring(COOKIE.length() + 1), cookieValue.orElseThrow())) {
          return new Allowed();
        }
      }
    }
    return new Refused();
  }

  private boolean matchesToken(String given) {
    // Digests have one length, so MessageDigest.isEqual compares every byte whatever matches.
    return MessageDigest.isEqual(sha256(given), tokenDigest.orElseThrow());
  }

  private static boolean constantTimeEquals(String a, String b) {
    return MessageDigest.isEqual(sha256(a), sha256(b));
  }

  /** "//host/x" would send the browser to another site: only a path on this one is followed. */
  private static String localPath(String path) {
    return path.startsWith("/") && !path.startsWith("//") && !path.contains("\\") ? path : "/";
  }

  private static Optional<String> tokenParameter(String rawQuery) {
    for (String pair : rawQuery.split("&")) {
      if (pair.startsWith("token=")) {
        return Optional.of(URLDecoder.decode(pair.substring(6), StandardCharsets.UTF_8));
      }
    }
    return Optional.empty();
  }

  private static String withoutToken(String rawQuery) {
    StringBuilder rest = new StringBuilder();
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty() || pair.startsWith("token=")) {
        continue;
      }
      if (!rest.isEmpty()) {
        rest.append('&');
      }
      rest.append(pair);
    }
    return rest.toString();
  }

  private static byte[] sha256(String text) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("every JDK has SHA-256", e);
    }
  }

  private static String cookieFor(String token) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(token.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
      return HexFormat.of()
          .formatHex(mac.doFinal("media-archiver operator page".getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException | InvalidKeyException e) {
      throw new IllegalStateException("every JDK has HmacSHA256", e);
    }
  }
}
