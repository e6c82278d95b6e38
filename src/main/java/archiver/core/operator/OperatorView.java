package archiver.core.operator;

import archiver.domain.AuthProfileState;
import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobFilter;
import archiver.domain.JobStatus;
import archiver.download.tools.ToolProbe;
import archiver.download.tools.ToolVersion;
import archiver.storage.Database;
import archiver.storage.JobQueries;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/**
 * What the operator page shows, read-only (docs/ARCHITECTURE.md, "Operator page"): every call
 * reads, none writes, and each read is bounded so the page cannot hold the bot's one database
 * connection for long.
 */
public final class OperatorView {

  /** The queue on the first page; the whole of it is one click away, filtered by status. */
  public static final int QUEUE_SHOWN = 50;

  public static final int MAX_PAGE_SIZE = 200;

  /** Events of one job shown at once; a job has a few dozen, a long retried one a few hundred. */
  public static final int TIMELINE_PAGE = 1_000;

  /** Asking yt-dlp its version starts Python; once in a while is enough for a page. */
  static final Duration YT_DLP_PROBE_EVERY = Duration.ofMinutes(10);

  public record YtDlp(Optional<String> version, Optional<Long> ageDays, Optional<String> problem) {
    public boolean tooOld() {
      return ageDays.map(d -> d > ToolProbe.YT_DLP_MAX_AGE_DAYS).orElse(false);
    }
  }

  /** The first page: counts, the queue, the last day's failures, auth health, yt-dlp. */
  public record Overview(
      Map<JobStatus, Long> jobsByStatus,
      List<Job> queue,
      Map<ErrorType, Long> failuresLast24h,
      List<AuthProfileState> authProfiles,
      YtDlp ytDlp,
      boolean maintenance,
      Instant at) {}

  /**
   * A page of jobs, newest first; {@code olderBeforeId} is where the next page starts, and a {@code
   * searchedDownTo} above 0 says the page looked no further than that id.
   */
  public record JobList(List<Job> jobs, Optional<Long> olderBeforeId, long searchedDownTo) {}

  public record JobDetails(Job job, List<JobEvent> events, Optional<Long> moreAfterEventId) {}

  private record Probed(YtDlp ytDlp, Instant at) {}

  private final Database db;
  private final JobQueries queries;
  private final Supplier<ToolVersion> ytDlpProbe;
  private final BooleanSupplier maintenance;
  private final Clock clock;
  private volatile Probed probed;

  public OperatorView(
      Database db, Supplier<ToolVersion> ytDlpProbe, BooleanSupplier maintenance, Clock clock) {
    this.db = db;
    this.queries = JobQueries.on(db);
    this.ytDlpProbe = ytDlpProbe;
    this.maintenance = maintenance;
    this.clock = clock;
  }

  public Overview overview() {
    Instant now = clock.instant();
    return new Overview(
        jobsByStatus(),
        db.jobs().listActive(QUEUE_SHOWN),
        failuresSince(now.minus(Duration.ofHours(24))),
        db.authProfiles().all(),
        ytDlp(),
        maintenance.getAsBoolean(),
        now);
  }

  /** Every status, with 0 for those no job has. */
  public Map<JobStatus, Long> jobsByStatus() {
    Map<JobStatus, Long> counts = new EnumMap<>(JobStatus.class);
    for (JobStatus s : JobStatus.values()) {
      counts.put(s, 0L);
    }
    counts.putAll(db.jobs().countByStatus());
    return counts;
  }

  public Map<ErrorType, Long> failuresSince(Instant since) {
    return db.jobs().countFailuresByTypeSince(since);
  }

  public JobList jobs(JobFilter filter, Optional<Long> beforeId, int limit) {
    JobQueries.JobPage page = queries.jobs(filter, beforeId, Math.clamp(limit, 1, MAX_PAGE_SIZE));
    return new JobList(page.jobs(), page.nextBeforeId(), page.scannedDownTo());
  }

  public Optional<JobDetails> job(long id, long afterEventId) {
    return db.jobs()
        .findById(id)
        .map(
            job -> {
              List<JobEvent> events = queries.timeline(id, afterEventId, TIMELINE_PAGE + 1);
              if (events.size() > TIMELINE_PAGE) {
                List<JobEvent> shown = events.subList(0, TIMELINE_PAGE);
                return new JobDetails(job, shown, Optional.of(shown.getLast().id()));
              }
              return new JobDetails(job, events, Optional.empty());
            });
  }

  /** yt-dlp's version and age, asked at most every {@link #YT_DLP_PROBE_EVERY}. */
  public YtDlp ytDlp() {
    Instant now = clock.instant();
    Probed last = probed;
    if (last == null || !now.isBefore(last.at().plus(YT_DLP_PROBE_EVERY))) {
      ToolVersion v = ytDlpProbe.get();
      last = new Probed(new YtDlp(v.version(), v.ageInDays(clock), v.problem()), now);
      probed = last;
    }
    return last.ytDlp();
  }
}
