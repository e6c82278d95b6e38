package archiver.core;

import archiver.config.AppConfig;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.Stage;
import archiver.logging.JobContext;
import archiver.storage.JobChanges;
import archiver.storage.JobEventRepository;
import archiver.storage.JobRepository;
import archiver.storage.StorageService;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs once at start-up, before the scheduler (ARCHITECTURE.md §9.4, DESIGN.md "Recovery"): the
 * bot is one process, so every job still RUNNING belonged to a process that died. It is scheduled
 * again while retries remain (a crash is not the job's fault) and failed as STALE when they are
 * used up; its partial files are removed. QUEUED jobs need nothing: the scheduler picks them up.
 */
public final class StartupRecovery {

  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

  private final JobRepository jobs;
  private final JobEventRepository eventRows;
  private final JobStateMachine stateMachine;
  private final EventRecorder events;
  private final StorageService storage;
  private final AppConfig.Retries retries;
  private final Clock clock;

  public StartupRecovery(
      JobRepository jobs,
      JobEventRepository eventRows,
      JobStateMachine stateMachine,
      EventRecorder events,
      StorageService storage,
      AppConfig.Retries retries,
      Clock clock) {
    this.jobs = jobs;
    this.eventRows = eventRows;
    this.stateMachine = stateMachine;
    this.events = events;
    this.storage = storage;
    this.retries = retries;
    this.clock = clock;
  }

  /** Returns how many RUNNING jobs were found. */
  public int run() {
    List<Job> stale = jobs.findByStatus(JobStatus.RUNNING, Integer.MAX_VALUE);
    for (Job job : stale) {
      recover(job);
    }
    if (!stale.isEmpty()) {
      log.warn("recovered {} job(s) left RUNNING by a previous process", stale.size());
    }
    return stale.size();
  }

  private void recover(Job job) {
    JobContext ctx = JobService.context(job);
    long freed = storage.deleteTmpDir(job.id());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("retry_count", job.retryCount());
    data.put("running_since", String.valueOf(job.startedAt()));
    data.put("tmp_bytes_removed", freed);
    boolean uploadUnfinished = uploadWasInProgress(job.id());
    if (uploadUnfinished) {
      // The media may have reached the user already; sending again is better than never, and the
      // operator can see here why someone got it twice.
      data.put("upload_was_in_progress", true);
    }
    String message = "the bot stopped while this job was running";
    if (job.retryCount() < retries.maxRetries()) {
      TransitionResult moved =
          stateMachine.transition(
              job.id(), JobStatus.RUNNING, JobStatus.PENDING, Map.of("reason", "recovery"),
              JobChanges.retryAt(clock.instant(), ErrorType.STALE, message, null));
      if (moved.applied()) {
        events.record(ctx, Stage.ORCHESTRATOR, EventType.JOB_RECOVERED_STALE, data);
      }
      return;
    }
    TransitionResult failed =
        stateMachine.transition(
            job.id(), JobStatus.RUNNING, JobStatus.FAILED, Map.of("reason", "recovery"),
            JobChanges.failure(ErrorType.STALE, message + " and its retries are used up", null));
    if (failed.applied()) {
      events.record(ctx, Stage.ORCHESTRATOR, EventType.STALE_JOB_MARKED_FAILED, data);
      Map<String, Object> failedData = new LinkedHashMap<>();
      failedData.put("error_type", ErrorType.STALE.name());
      failedData.put("message", message);
      events.record(ctx, Stage.ORCHESTRATOR, EventType.JOB_FAILED, failedData);
    }
  }

  /** TELEGRAM_SEND_STARTED after the last worker assignment, with no end of it. */
  private boolean uploadWasInProgress(long jobId) {
    boolean started = false;
    for (JobEvent e : eventRows.forJob(jobId)) {
      switch (e.type()) {
        case WORKER_ASSIGNED, TELEGRAM_SEND_FINISHED, TELEGRAM_SEND_FAILED -> started = false;
        case TELEGRAM_SEND_STARTED -> started = true;
        default -> {}
      }
    }
    return started;
  }
}
