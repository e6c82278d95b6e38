package archiver.web;

import java.util.Optional;

/**
 * Where the operator page listens and the token it asks for (empty: none, only allowed on loopback,
 * which {@code config.WebBind} checked before this was made).
 */
public record WebSettings(String bind, int port, Optional<String> token) {

  @Override
  public String toString() {
    return "WebSettings[bind="
        + bind
        + ", port="
        + port
        + ", token="
        + (token.isPresent() ? "***" : "none")
        + "]";
  }
}
