package archiver.core.jobs;

import archiver.domain.Quality;
import archiver.domain.UpdateRef;
import java.util.Objects;
import java.util.Optional;

/**
 * One user's request for one link, as what. {@code userId}/{@code chatId} are Telegram's; {@code
 * update} is the Telegram update it comes from (recorded with the job, so a replayed update makes
 * no second job); {@code language} is the chat's, for texts sent after a restart; {@code batchId}
 * the playlist batch it is an item of, whose limits it is under instead of the user's.
 */
public record SubmitRequest(
    String url,
    Quality quality,
    Long userId,
    Long chatId,
    Optional<UpdateRef> update,
    String language,
    Long batchId) {
  public SubmitRequest {
    Objects.requireNonNull(url, "url");
    Objects.requireNonNull(quality, "quality");
    update = update == null ? Optional.empty() : update;
  }

  public SubmitRequest(
      String url,
      Quality quality,
      Long userId,
      Long chatId,
      Optional<UpdateRef> update,
      String language) {
    this(url, quality, userId, chatId, update, language, null);
  }

  public SubmitRequest(String url, Quality quality, Long userId, Long chatId) {
    this(url, quality, userId, chatId, Optional.empty(), null);
  }

  /** An item of a playlist's batch. */
  public static SubmitRequest batchItem(
      String url, Quality quality, Long userId, long chatId, String language, long batchId) {
    return new SubmitRequest(url, quality, userId, chatId, Optional.empty(), language, batchId);
  }
}
