package archiver.core;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.core.delivery.JobObserver;
import archiver.core.delivery.Piece;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.Job;
import archiver.domain.Requester;
import archiver.storage.HistoryPruner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SQLite file after pruning (docs/ARCHITECTURE.md, "Cleanup"): its freed pages are reused, so
 * the file stops growing. SQLite only: PostgreSQL keeps its own files.
 */
class HistoryFileSizeTest {

  @TempDir Path dir;

  /** Hands out a file_id for every upload, as Telegram does. */
  private static final JobObserver TELEGRAM =
      new JobObserver() {
        @Override
        public SendResult upload(Job job, Requester to, ReadyMedia media, Piece piece) {
          return new SendResult.Sent(1, "FILE-" + job.id());
        }

        @Override
        public SendResult resend(Job job, Requester to, Piece piece, String fileId) {
          return new SendResult.Sent(2, fileId);
        }
      };

  @Test
  void givenRepeatedRoundsOfJobsAndPruning_thenTheDatabaseFileStopsGrowing() throws Exception {
    try (OrchestrationHarness h =
        new OrchestrationHarness(dir, new FakeProcessor(), TELEGRAM, c -> c)) {
      Path file = h.db.file();
      List<Long> sizes = new ArrayList<>();
      for (int round = 0; round < 5; round++) {
        for (int i = 0; i < 50; i++) {
          h.submit(
              "https://youtu.be/r" + round + "v" + String.format("%08d", i), 1000 + i, 5000 + i);
        }
        while (h.dispatchAndWait() > 0) {
          // until this round's jobs are done
        }
        h.clock.advance(Duration.ofDays(400));
        HistoryPruner.Pruned pruned = h.core.history().runOnce();
        assertThat(pruned.jobs()).isEqualTo(50);
        h.db
            .jdbi()
            .withHandle(x -> x.createQuery("PRAGMA wal_checkpoint(TRUNCATE)").mapToMap().list());
        sizes.add(Files.size(file));
      }
      // The first round sizes the file; later rounds reuse its pages instead of adding new ones
      // (without the cleanup it grows by about 110 KB a round).
      long first = sizes.get(0);
      assertThat(sizes).allSatisfy(s -> assertThat(s).isLessThanOrEqualTo(first + 4 * 4096));
    }
  }
}
