package archiver.bot;

import java.io.IOException;
import java.io.Serializable;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.telegram.telegrambots.meta.api.methods.botapimethods.BotApiMethod;
import org.telegram.telegrambots.meta.api.methods.send.SendAudio;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Every call to the Bot API goes through here: Telegram's flood limits are respected before a call
 * (about one message a second per chat, 20 a minute per group) and after one (a 429 carries
 * {@code retry_after}, which is waited out), and transient 5xx and network failures are retried
 * with backoff. Uploads are not retried after a network failure, since the first may have arrived:
 * a duplicate video is worse than an error message. See https://core.telegram.org/bots/faq.
 */
final class BotApi {

  private static final Logger log = LoggerFactory.getLogger(BotApi.class);

  static final int MAX_ATTEMPTS = 4;
  private static final Duration PER_CHAT_GAP = Duration.ofMillis(1050);
  private static final Duration PER_GROUP_GAP = Duration.ofMillis(3050);
  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);

  /** How waiting is done; tests pass one that records instead of sleeping. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> TimeUnit.MILLISECONDS.sleep(Math.max(0, d.toMillis()));
  }

  private final TelegramClient client;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<Long, Long> nextAllowedAt = new ConcurrentHashMap<>();

  BotApi(TelegramClient client, Clock clock, Sleeper sleeper) {
    this.client = client;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  /** A text-like call to {@code chatId} (0 for calls not aimed at a chat). */
  <T extends Serializable> T call(long chatId, BotApiMethod<T> method)
      throws TelegramApiException, InterruptedException {
    return withRetries(chatId, method.getMethod(), true, () -> client.execute(method));
  }

  Message sendVideo(long chatId, SendVideo video) throws TelegramApiException, InterruptedException {
    return withRetries(chatId, "sendVideo", false, () -> client.execute(video));
  }

  Message sendAudio(long chatId, SendAudio audio) throws TelegramApiException, InterruptedException {
    return withRetries(chatId, "sendAudio", false, () -> client.execute(audio));
  }

  private interface ApiCall<T> {
    T run() throws TelegramApiException;
  }

  private <T> T withRetries(long chatId, String method, boolean retryNetwork, ApiCall<T> call)
      throws TelegramApiException, InterruptedException {
    TelegramApiException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      pace(chatId);
      try {
        return call.run();
      } catch (TelegramApiRequestException e) {
        last = e;
        Integer retryAfter =
            e.getParameters() == null ? null : e.getParameters().getRetryAfter();
        if (e.getErrorCode() != null && e.getErrorCode() == 429) {
          Duration wait = Duration.ofSeconds(retryAfter == null ? 1 : retryAfter);
          if (wait.compareTo(MAX_RETRY_AFTER) > 0) {
            throw e;
          }
          log.warn("Telegram flood limit on {}: waiting {} s as asked (attempt {})", method, wait.toSeconds(), attempt);
          sleeper.sleep(wait);
          continue;
        }
        if (e.getErrorCode() != null && e.getErrorCode() >= 500) {
          log.warn("Telegram answered {} to {}; retrying (attempt {})", e.getErrorCode(), method, attempt);
          sleeper.sleep(backoff(attempt));
          continue;
        }
        throw e;
      } catch (TelegramApiException e) {
        last = e;
        if (!retryNetwork || !(e.getCause() instanceof IOException)) {
          throw e;
        }
        log.warn("network error calling {}: {}; retrying (attempt {})", method, e.getMessage(), attempt);
        sleeper.sleep(backoff(attempt));
      }
    }
    throw last;
  }

  /** Waits until this chat may receive the next message. */
  private void pace(long chatId) throws InterruptedException {
    if (chatId == 0) {
      return;
    }
    Duration gap = chatId < 0 ? PER_GROUP_GAP : PER_CHAT_GAP;
    long now = clock.millis();
    long slot = nextAllowedAt.merge(chatId, now + gap.toMillis(), (prev, ignored) -> Math.max(prev, now) + gap.toMillis());
    long startAt = slot - gap.toMillis();
    if (startAt > now) {
      sleeper.sleep(Duration.ofMillis(startAt - now));
    }
  }

  private static Duration backoff(int attempt) {
    return Duration.ofMillis(500L * (1L << (attempt - 1)));
  }
}
