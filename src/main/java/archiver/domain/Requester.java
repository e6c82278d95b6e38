package archiver.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A chat waiting for a job's media (its creator, or one attached by de-duplication or answered from
 * Telegram's copy), with where its delivery stands.
 *
 * @param language the chat's language when it asked ({@code en}, {@code ar}); null if unknown
 * @param statusMessageId the bot's status message in that chat, edited while the job runs
 * @param sendStartedAt a send to this chat is in flight (or was, when a crash interrupted it)
 * @param messageId the media message the chat received
 * @param gaveUpAt the chat cannot be served (it blocked the bot, or its retries are used up)
 * @param partsSent how many of the job's parts the chat has received, in order
 */
public record Requester(
    long jobId,
    long chatId,
    Long userId,
    Instant createdAt,
    Instant deliveredAt,
    String language,
    Integer statusMessageId,
    Instant sendStartedAt,
    Integer messageId,
    int sendAttempts,
    Instant nextSendAt,
    Instant gaveUpAt,
    int partsSent) {

  public Requester(long jobId, long chatId, Long userId, Instant createdAt, Instant deliveredAt) {
    this(jobId, chatId, userId, createdAt, deliveredAt, null, null, null, null, 0, null, null, 0);
  }

  public boolean delivered() {
    return deliveredAt != null;
  }

  /** Still to be served: neither delivered nor given up. */
  public boolean waiting() {
    return deliveredAt == null && gaveUpAt == null;
  }

  public Optional<Integer> statusMessage() {
    return Optional.ofNullable(statusMessageId);
  }

  public Optional<String> languageCode() {
    return Optional.ofNullable(language);
  }
}
