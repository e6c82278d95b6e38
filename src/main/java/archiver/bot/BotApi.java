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
import org.telegram.telegrambots.meta.api.methods.send.SendDocument;
import org.telegram.telegrambots.meta.api.methods.send.SendMessage;
import org.telegram.telegrambots.meta.api.methods.send.SendVideo;
import org.telegram.telegrambots.meta.api.objects.message.Message;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;
import org.telegram.telegrambots.meta.exceptions.TelegramApiRequestException;
import org.telegram.telegrambots.meta.generics.TelegramClient;

/**
 * Every call to the Bot API goes through here. New messages (text and media) keep Telegram's flood
 * limits before the call — about one a second per chat, 20 a minute per group, 30 a second in all
 * (https://core.telegram.org/bots/faq#my-bot-is-hitting-limits-how-do-i-avoid-this) — and every 429
 * is waited out as its {@code retry_after} asks. Edits, chat actions and deletions are not held
 * back by the bot's own pacing (the status board throttles its edits itself), so nothing of the
 * bot's own delays a ready file's upload.
 *
 * <p>Text calls are retried after a 5xx or a network failure. Uploads are not: the first may have
 * arrived, and a duplicate video is worse than a retry of the job later; their failure goes back to
 * the job, which tries again from the file already made.
 */
final class BotApi {

  private static final Logger log = LoggerFactory.getLogger(BotApi.class);

  static final int MAX_ATTEMPTS = 4;
  private static final Duration PER_CHAT_GAP = Duration.ofMillis(1050);
  private static final Duration PER_GROUP_GAP = Duration.ofMillis(3050);
  static final int PRIVATE_CHAT_BURST = 3;

  /** 30 messages a second in all: one slot every 34 ms. */
  static final Duration GLOBAL_GAP = Duration.ofMillis(34);

  private static final Duration MAX_RETRY_AFTER = Duration.ofMinutes(5);
  private static final long ALL_CHATS = Long.MIN_VALUE;

  /** How waiting is done; tests pass one that records instead of sleeping. */
  interface Sleeper {
    void sleep(Duration d) throws InterruptedException;

    Sleeper REAL = d -> TimeUnit.MILLISECONDS.sleep(Math.max(0, d.toMillis()));
  }

  private final TelegramClient client;
  private final TelegramClient uploads;
  private final Clock clock;
  private final Sleeper sleeper;
  private final Map<Long, Long> nextAllowedAt = new ConcurrentHashMap<>();

  /**
   * @param client for text calls, with short timeouts
   * @param uploads for media sends, with {@code timeouts.upload_seconds} on every phase
   */
  BotApi(TelegramClient client, TelegramClient uploads, Clock clock, Sleeper sleeper) {
    this.client = client;
    this.uploads = uploads;
    this.clock = clock;
    this.sleeper = sleeper;
  }

  BotApi(TelegramClient client, Clock clock, Sleeper sleeper) {
    this(client, client, clock, sleeper);
  }

  /** A text-like call to {@code chatId} (0 for calls not aimed at a chat). */
  <T extends Serializable> T call(long chatId, BotApiMethod<T> method)
      throws TelegramApiException, InterruptedException {
    boolean newMessage = method instanceof SendMessage;
    return withRetries(chatId, method.getMethod(), newMessage, true, () -> client.execute(method));
  }

  /**
   * A call whose outcome nobody waits for (a chat action, removing a status message): on a virtual
   * thread of its own, failures logged at DEBUG.
   */
  void callQuietly(long chatId, BotApiMethod<?> method) {
    Thread.ofVirtual()
        .name("bot-api-quiet")
        .start(
            () -> {
              try {
                call(chatId, method);
              } catch (TelegramApiException e) {
                log.debug("{} in chat {} failed: {}", method.getMethod(), chatId, e.getMessage());
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            });
  }

  Message sendVideo(long chatId, SendVideo video)
      throws TelegramApiException, InterruptedException {
    return withRetries(chatId, "sendVideo", true, false, () -> uploads.execute(video));
  }

  Message sendAudio(long chatId, SendAudio audio)
      throws TelegramApiException, InterruptedException {
    return withRetries(chatId, "sendAudio", true, false, () -> uploads.execute(audio));
  }

  Message sendDocument(long chatId, SendDocument document)
      throws TelegramApiException, InterruptedException {
    return withRetries(chatId, "sendDocument", true, false, () -> uploads.execute(document));
  }

  private interface ApiCall<T> {
    T run() throws TelegramApiException;
  }

  private <T> T withRetries(
      long chatId, String method, boolean newMessage, boolean retryFailures, ApiCall<T> call)
      throws TelegramApiException, InterruptedException {
    TelegramApiException last = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      if (newMessage) {
        pace(chatId);
      }
      try {
        return call.run();
      } catch (TelegramApiRequestException e) {
        last = e;
        Integer retryAfter = e.getParameters() == null ? null : e.getParameters().getRetryAfter();
        if (e.getErrorCode() != null && e.getErrorCode() == 429) {
          // A 429 means Telegram did not take the message: sending again cannot duplicate it.
          Duration wait = Duration.ofSeconds(retryAfter == null ? 1 : retryAfter);
          if (wait.compareTo(MAX_RETRY_AFTER) > 0) {
            throw e;
          }
          log.warn(
              "Telegram flood limit on {}: waiting {} s as asked (attempt {})",
              method,
              wait.toSeconds(),
              attempt);
          holdChat(chatId, wait);
          sleeper.sleep(wait);
          continue;
        }
        if (retryFailures && e.getErrorCode() != null && e.getErrorCode() >= 500) {
          log.warn(
              "Telegram answered {} to {}; retrying (attempt {})",
              e.getErrorCode(),
              method,
              attempt);
          sleeper.sleep(backoff(attempt));
          continue;
        }
        throw e;
      } catch (TelegramApiException e) {
        last = e;
        if (!retryFailures || !(e.getCause() instanceof IOException)) {
          throw e;
        }
        log.warn(
            "network error calling {}: {}; retrying (attempt {})", method, e.getMessage(), attempt);
        sleeper.sleep(backoff(attempt));
      }
    }
    throw last;
  }

  /**
   * Waits for this chat's next slot and the next of the 30 a second; a slot is taken when the wait
   * starts, so concurrent senders queue in order.
   */
  private void pace(long chatId) throws InterruptedException {
    long now = clock.millis();
    long wait = 0;
    if (chatId != 0) {
      // "We may allow short bursts that go over this limit" (the Bot FAQ): a private chat may get
      // a few messages at once (the status message, then the media right after it), never more
      // than one a second over time. Groups get no burst.
      boolean group = chatId < 0;
      wait =
          reserve(
              chatId, group ? PER_GROUP_GAP : PER_CHAT_GAP, group ? 1 : PRIVATE_CHAT_BURST, now);
    }
    wait = Math.max(wait, reserve(ALL_CHATS, GLOBAL_GAP, 1, now));
    if (wait > 0) {
      sleeper.sleep(Duration.ofMillis(wait));
    }
  }

  /**
   * Takes the next slot of {@code key}, allowing {@code burst} slots at once after a quiet spell;
   * returns how long until it starts.
   */
  private long reserve(long key, Duration gap, int burst, long now) {
    long g = gap.toMillis();
    long earliest = now - (burst - 1) * g;
    long slot =
        nextAllowedAt.merge(key, earliest + g, (prev, ignored) -> Math.max(prev, earliest) + g);
    return Math.max(0, slot - g - now);
  }

  /** After a 429 the chat gets nothing new until {@code retry_after} has passed. */
  private void holdChat(long chatId, Duration wait) {
    if (chatId != 0) {
      long until = clock.millis() + wait.toMillis();
      nextAllowedAt.merge(chatId, until, Math::max);
    }
  }

  private static Duration backoff(int attempt) {
    return Duration.ofMillis(500L * (1L << (attempt - 1)));
  }
}
