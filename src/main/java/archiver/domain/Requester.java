package archiver.domain;

import java.time.Instant;

/** A chat waiting for a job's media (its creator, or one attached by de-duplication). */
public record Requester(long jobId, long chatId, Long userId, Instant createdAt, Instant deliveredAt) {
  public boolean delivered() {
    return deliveredAt != null;
  }
}
