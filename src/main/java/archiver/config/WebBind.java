package archiver.config;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Where the operator page listens, and the rule that a page reachable beyond this machine needs a
 * token (docs/ARCHITECTURE.md, "Operator page").
 */
public final class WebBind {

  /** Shorter tokens are guessable; {@code openssl rand -hex 32} gives 64 characters. */
  public static final int MIN_TOKEN_LENGTH = 16;

  private WebBind() {}

  /**
   * An IPv4 or IPv6 literal. Only literals are taken, so that reading the configuration never asks
   * DNS and "is it loopback" cannot change between two lookups.
   */
  static boolean isAddressLiteral(String bind) {
    String b = bind.strip();
    if (b.matches("\\d{1,3}(\\.\\d{1,3}){3}")) {
      for (String part : b.split("\\.")) {
        if (Integer.parseInt(part) > 255) {
          return false;
        }
      }
      return true;
    }
    // With a colon, InetAddress parses an IPv6 literal and never resolves a name.
    return b.contains(":") && address(b).isPresent();
  }

  /** 127.0.0.0/8 or ::1: only this machine can connect. */
  public static boolean isLoopback(String bind) {
    return address(bind.strip()).map(InetAddress::isLoopbackAddress).orElse(false);
  }

  /**
   * Refuses a page bound beyond loopback without a token, and a token too short to stand guessing.
   * A page on loopback needs none, but one that is set is required there too.
   */
  public static void checkToken(AppConfig.Web web, Optional<String> token) {
    if (!web.enabled()) {
      return;
    }
    if (token.isEmpty() && !isLoopback(web.bind())) {
      throw new ConfigException(
          "config: web.bind: "
              + web.bind()
              + " is reachable beyond this machine; set "
              + Secrets.WEB_TOKEN_VARIABLE
              + " (e.g. from 'openssl rand -hex 32') or bind 127.0.0.1");
    }
    if (token.isPresent() && token.get().length() < MIN_TOKEN_LENGTH) {
      throw new ConfigException(
          "config: "
              + Secrets.WEB_TOKEN_VARIABLE
              + ": must be at least "
              + MIN_TOKEN_LENGTH
              + " characters, got "
              + token.get().length());
    }
  }

  private static Optional<InetAddress> address(String literal) {
    if (!(literal.contains(":") || literal.matches("[\\d.]+"))) {
      return Optional.empty();
    }
    try {
      return Optional.of(InetAddress.getByName(literal));
    } catch (UnknownHostException e) {
      return Optional.empty();
    }
  }
}
