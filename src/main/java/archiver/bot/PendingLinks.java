package archiver.bot;

import archiver.core.batch.BatchService;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Links waiting for the user's choice of video/audio and quality. Telegram's callback data holds at
 * most 64 bytes, too little for a URL, so the buttons carry a short token. Bounded and expiring: an
 * abandoned question costs nothing after an hour.
 */
final class PendingLinks {
  static final int MAX_ENTRIES = 10_000;
  static final Duration TTL = Duration.ofHours(1);

  /** {@code playlist}: the playlist read for the link, when it is one (else null). */
  record Pending(
      String url, long userId, long chatId, long createdMillis, BatchService.Offer playlist) {
    Optional<BatchService.Offer> offer() {
      return Optional.ofNullable(playlist);
    }
  }

  private final Clock clock;
  private final AtomicLong counter = new AtomicLong();
  private final BoundedMap<String, Pending> byToken = new BoundedMap<>(MAX_ENTRIES);

  PendingLinks(Clock clock) {
    this.clock = clock;
  }

  /** Remembers the link; the token is base 36, as {@link Callback} expects. */
  String add(String url, long userId, long chatId) {
    return add(url, userId, chatId, null);
  }

  /** Remembers a playlist read for its question; one token space with the links'. */
  String add(String url, long userId, long chatId, BatchService.Offer playlist) {
    String token = Long.toString(counter.incrementAndGet(), 36);
    byToken.put(token, new Pending(url, userId, chatId, clock.millis(), playlist));
    return token;
  }

  Optional<Pending> get(String token) {
    Optional<Pending> p = byToken.get(token);
    if (p.isPresent() && clock.millis() - p.get().createdMillis() > TTL.toMillis()) {
      byToken.remove(token);
      return Optional.empty();
    }
    return p;
  }

  void remove(String token) {
    byToken.remove(token);
  }
}
