package archiver.cli;

import archiver.domain.Job;
import archiver.domain.JobEvent;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code archiver job ID}: one job's fields and its whole event timeline. */
@Command(
    name = "job",
    mixinStandardHelpOptions = true,
    description = "Shows one job and its event timeline.")
final class JobCommand implements Callable<Integer> {

  @Parameters(paramLabel = "ID", description = "The job id (see 'archiver jobs').")
  long id;

  private final RootCommand root;

  JobCommand(RootCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    PrintStream out = root.environment().out();
    root.config();
    Optional<Job> found = root.database().jobs().findById(id);
    if (found.isEmpty()) {
      root.environment().err().println("job " + id + ": no such job");
      return FailureHandler.FAILURE;
    }
    Job j = found.get();
    field(out, "id", j.id());
    field(out, "status", j.status());
    field(out, "url", j.url());
    field(out, "normalized_url", j.normalizedUrl());
    field(out, "media_id", j.mediaId());
    field(out, "source_type", j.sourceType());
    field(out, "job_type", j.jobType());
    field(out, "requested_quality", j.requestedQuality());
    field(out, "retry_count", j.retryCount());
    field(out, "job_key", j.jobKey());
    field(out, "auth_profile_id", j.authProfileId());
    field(out, "user_id", j.userId());
    field(out, "chat_id", j.chatId());
    field(out, "created_at", TimeFormat.iso(j.createdAt()));
    field(out, "updated_at", TimeFormat.iso(j.updatedAt()));
    field(out, "next_attempt_at", TimeFormat.iso(j.nextAttemptAt()));
    field(out, "started_at", TimeFormat.iso(j.startedAt()));
    field(out, "final_title", j.finalTitle());
    field(out, "file_path", j.filePath());
    field(out, "file_size_bytes", j.fileSizeBytes());
    field(out, "archived", j.archived());
    field(out, "telegram_file_id", j.telegramFileId());
    field(out, "error_type", j.errorType());
    field(out, "error_message", j.errorMessage());
    field(out, "http_status", j.httpStatus());
    field(out, "progress", j.progress());
    List<JobEvent> events = root.database().events().forJob(id);
    out.println();
    out.println("timeline (" + events.size() + " events):");
    for (JobEvent e : events) {
      out.printf("  %s  %-24s %s%n", TimeFormat.iso(e.createdAt()), e.type(), e.data());
    }
    return 0;
  }

  private static void field(PrintStream out, String name, Object value) {
    out.printf("%-18s %s%n", name + ":", value == null ? "-" : value);
  }
}
