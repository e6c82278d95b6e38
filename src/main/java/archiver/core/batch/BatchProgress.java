package archiver.core.batch;

import archiver.domain.BatchItem;
import java.util.List;
import java.util.Optional;

/**
 * How far a batch is: what its status message shows ("12 of 40 sent · 1 failed").
 *
 * @param current the item being fetched or sent now
 */
public record BatchProgress(
    int total, int sent, int failed, int cancelled, Optional<BatchItem> current) {

  static BatchProgress of(List<BatchItem> items) {
    int sent = 0;
    int failed = 0;
    int cancelled = 0;
    BatchItem current = null;
    for (BatchItem item : items) {
      switch (item.state()) {
        case SENT -> sent++;
        case FAILED -> failed++;
        case CANCELLED -> cancelled++;
        case RUNNING -> current = current == null ? item : current;
        case WAITING -> {}
      }
    }
    return new BatchProgress(items.size(), sent, failed, cancelled, Optional.ofNullable(current));
  }

  public int done() {
    return sent + failed + cancelled;
  }
}
