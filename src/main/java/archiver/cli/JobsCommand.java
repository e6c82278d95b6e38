package archiver.cli;

import archiver.domain.Job;
import archiver.domain.JobStatus;
import java.io.PrintStream;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code archiver jobs}: the newest jobs, one line each. */
@Command(name = "jobs", mixinStandardHelpOptions = true, description = "Lists jobs, newest first.")
final class JobsCommand implements Callable<Integer> {

  @Option(names = "--status", description = "Only jobs with this status: ${COMPLETION-CANDIDATES}.")
  JobStatus status;

  @Option(
      names = "--limit",
      defaultValue = "20",
      description = "At most this many (default ${DEFAULT-VALUE}).")
  int limit;

  private final RootCommand root;

  JobsCommand(RootCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    PrintStream out = root.environment().out();
    if (limit < 1) {
      root.environment().err().println("jobs: --limit must be at least 1");
      return FailureHandler.CONFIG_ERROR;
    }
    root.config();
    List<Job> jobs = root.database().jobs().list(Optional.ofNullable(status), limit);
    if (jobs.isEmpty()) {
      out.println("no jobs" + (status == null ? "" : " with status " + status));
      return 0;
    }
    out.printf(
        "%-6s %-9s %-5s %-11s %-5s %-20s %-18s %s%n",
        "ID", "STATUS", "TYPE", "SOURCE", "TRIES", "CREATED", "ERROR", "TITLE / URL");
    for (Job j : jobs) {
      out.printf(
          "%-6d %-9s %-5s %-11s %-5d %-20s %-18s %s%n",
          j.id(),
          j.status(),
          j.jobType(),
          j.sourceType(),
          j.retryCount(),
          TimeFormat.short_(j.createdAt()),
          j.errorType() == null ? "-" : j.errorType().name(),
          j.finalTitle() != null ? j.finalTitle() : j.url());
    }
    return 0;
  }
}
