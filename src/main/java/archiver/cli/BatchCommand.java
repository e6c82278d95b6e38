package archiver.cli;

import archiver.domain.Batch;
import archiver.domain.BatchItem;
import archiver.storage.BatchRepository;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code archiver batch [ID]}: the newest playlist batches, or one batch with its items (state,
 * job, why one failed) and its own timeline. Each item's job is then {@code archiver job ID}.
 */
@Command(
    name = "batch",
    mixinStandardHelpOptions = true,
    description = "Shows playlist batches, or one batch with its items and timeline.")
final class BatchCommand implements Callable<Integer> {

  @Parameters(
      paramLabel = "ID",
      arity = "0..1",
      description = "The batch id; without it, the newest batches.")
  Long id;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "How many batches to list (default ${DEFAULT-VALUE}).")
  int limit;

  private final RootCommand root;

  BatchCommand(RootCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    PrintStream out = root.environment().out();
    root.config();
    BatchRepository batches = root.database().batches();
    if (id == null) {
      for (Batch b : batches.recent(Math.max(1, limit))) {
        List<BatchItem> items = batches.items(b.id());
        long sent = items.stream().filter(i -> i.state() == BatchItem.State.SENT).count();
        long failed = items.stream().filter(i -> i.state() == BatchItem.State.FAILED).count();
        out.printf(
            "%-6d %-9s %3d/%-3d sent %3d failed  %s  user %s  %s%n",
            b.id(),
            b.status(),
            sent,
            b.itemCount(),
            failed,
            TimeFormat.iso(b.createdAt()),
            b.userId() == null ? "-" : b.userId(),
            b.shownTitle());
      }
      return 0;
    }
    Optional<Batch> found = batches.find(id);
    if (found.isEmpty()) {
      root.environment().err().println("batch " + id + ": no such batch");
      return FailureHandler.FAILURE;
    }
    Batch b = found.get();
    field(out, "id", b.id());
    field(out, "status", b.status());
    field(out, "title", b.title());
    field(out, "url", b.url());
    field(out, "playlist_id", b.playlistId());
    field(out, "job_type", b.jobType());
    field(out, "quality", b.requestedQuality());
    field(out, "user_id", b.userId());
    field(out, "chat_id", b.chatId());
    field(out, "items", b.itemCount() + (b.more() ? " (the playlist has more)" : ""));
    field(out, "created_at", TimeFormat.iso(b.createdAt()));
    field(out, "finished_at", TimeFormat.iso(b.finishedAt()));
    out.println();
    out.println("items:");
    for (BatchItem i : batches.items(id)) {
      out.printf(
          "  %3d  %-9s job %-6s %s%s%n",
          i.position(),
          i.state(),
          i.jobId() == null ? "-" : i.jobId(),
          i.title() == null ? i.url() : i.title(),
          i.error() == null ? "" : "  (" + i.error() + ")");
    }
    List<BatchRepository.Event> events = batches.events(id);
    out.println();
    out.println("timeline (" + events.size() + " events):");
    for (BatchRepository.Event e : events) {
      out.printf("  %s  %-24s %s%n", TimeFormat.iso(e.createdAt()), e.type(), e.dataJson());
    }
    return 0;
  }

  private static void field(PrintStream out, String name, Object value) {
    out.printf("%-18s %s%n", name + ":", value == null ? "-" : value);
  }
}
