package archiver.bot;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Links waiting for the user's choice of video/audio and quality. Telegram's callback data holds at
 * most 64 bytes, too little for a URL, so the buttons carry a short token. Bounded and expiring:
 * an abandoned question costs nothing after an hour.
 */
final class PendingLinks {
  static final int MAX_ENTRIES = 10_000;
  static final Duration TTL = Duration.ofHours(1);

  record Pending(String url, long userId, long chatId, long createdMillis) {}

  private final Clock clock;
  private final AtomicLong counter = new AtomicLong();
  private final Map<String, Pending> byToken =
      new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Pending> eldest) {
          return size() > MAX_ENTRIES;
        }
      };

  PendingLinks(Clock clock) {
    this.clock = clock;
  }

  synchronized String add(String url, long userId, long chatId) {
    String token = Long.toString(counter.incrementAndGet(), 36);
    byToken.put(token, new Pending(url, userId, chatId, clock.millis()));
    return token;
  }

  synchronized Optional<Pending> get(String token) {
    Pending p = byToken.get(token);
    if (p == null || clock.millis() - p.createdMillis() > TTL.toMillis()) {
      byToken.remove(token);
      return Optional.empty();
    }
    return Optional.of(p);
  }

  synchronized void remove(String token) {
    byToken.remove(token);
  }
}
