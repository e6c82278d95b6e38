package archiver.core.batch;

import archiver.core.events.JobEvent;
import archiver.domain.EventType;
import archiver.domain.Stage;
import java.util.Map;

/**
 * The events of a playlist's batch (docs/ARCHITECTURE.md, "Playlists"): its own, written to {@code
 * batch_events}, and the one each item's job gets, so a job's timeline says which batch made it.
 */
sealed interface BatchEvent extends JobEvent {

  @Override
  default Stage stage() {
    return Stage.ORCHESTRATOR;
  }

  /** A playlist became a batch of {@code items} items, as {@code quality}. */
  record Created(
      String url, String playlistId, String title, int items, boolean more, String quality)
      implements BatchEvent {
    @Override
    public EventType type() {
      return EventType.BATCH_CREATED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "url",
          url,
          "playlist_id",
          playlistId,
          "title",
          title,
          "items",
          items,
          "more",
          more,
          "quality",
          quality);
    }
  }

  /** Every item was tried, or someone cancelled the rest ({@code by}). */
  record Finished(String outcome, int sent, int failed, int cancelled, String by)
      implements BatchEvent {
    @Override
    public EventType type() {
      return EventType.BATCH_FINISHED;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields(
          "outcome", outcome, "sent", sent, "failed", failed, "cancelled", cancelled, "by", by);
    }
  }

  /** On the item's job: it is item {@code position} of {@code of} of the batch. */
  record Item(long batchId, int position, int of, String title) implements BatchEvent {
    @Override
    public EventType type() {
      return EventType.BATCH_ITEM;
    }

    @Override
    public Map<String, ?> data() {
      return JobEvent.fields("batch_id", batchId, "position", position, "of", of, "title", title);
    }
  }
}
