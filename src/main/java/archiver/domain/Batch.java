package archiver.domain;

import java.time.Instant;
import java.util.Optional;

/**
 * A playlist asked for in one go: its items become ordinary jobs one after another, in playlist
 * order (docs/ARCHITECTURE.md, "Playlists").
 *
 * @param url the playlist link as the user sent it
 * @param itemCount the items taken (at most {@code sources.max_playlist_items})
 * @param more the playlist had more items than were taken
 * @param statusMessageId the one message in the chat that tells how far the batch is
 */
public record Batch(
    long id,
    String url,
    String playlistId,
    String title,
    JobType jobType,
    String requestedQuality,
    Long userId,
    long chatId,
    String language,
    int itemCount,
    boolean more,
    Status status,
    Integer statusMessageId,
    Instant createdAt,
    Instant finishedAt) {

  public enum Status {
    RUNNING,
    /** Every item was tried: sent or failed. */
    FINISHED,
    /** Someone pressed Cancel: the items not done by then were not fetched. */
    CANCELLED;

    public boolean isOver() {
      return this != RUNNING;
    }
  }

  public Optional<Integer> statusMessage() {
    return Optional.ofNullable(statusMessageId);
  }

  /** The title to show: the playlist's, else its link. */
  public String shownTitle() {
    return title == null || title.isBlank() ? url : title;
  }
}
