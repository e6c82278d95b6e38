package archiver.core;

import archiver.config.AppConfig;
import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.Job;
import archiver.domain.Requester;
import archiver.domain.JobStatus;
import archiver.domain.Stage;
import archiver.logging.JobContext;
import archiver.storage.JobChanges;
import archiver.storage.DeliveryRepository;
import archiver.storage.JobRepository;
import archiver.storage.TmpWorkspace;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs once at start-up, before the scheduler (docs/ARCHITECTURE.md, "Recovery"): the bot is one
 * process, so every job still RUNNING belonged to a process that died. It is scheduled again while
 * retries remain (a crash is not the job's fault) and failed as STALE when they are used up; its
 * partial files are removed. QUEUED jobs need nothing: the scheduler picks them up.
 */
public final class StartupRecovery {

  private static final Logger log = LoggerFactory.getLogger(StartupRecovery.class);

  private final JobRepository jobs;
  private final DeliveryRepository deliveries;
  private final JobStateMachine stateMachine;
  private final EventRecorder events;
  private final TmpWorkspace workspace;
  private final AppConfig.Retries retries;
  private final Clock clock;

  public StartupRecovery(
      JobRepository jobs,
      DeliveryRepository deliveries,
      JobStateMachine stateMachine,
      EventRecorder events,
      TmpWorkspace workspace,
      AppConfig.Retries retries,
      Clock clock) {
    this.jobs = jobs;
    this.deliveries = deliveries;
    this.stateMachine = stateMachine;
    this.events = events;
    this.workspace = workspace;
    this.retries = retries;
    this.clock = clock;
  }

  /** Returns how many RUNNING jobs were found. */
  public int run() {
    markInterruptedSends();
    List<Job> stale = jobs.findByStatus(JobStatus.RUNNING, Integer.MAX_VALUE);
    for (Job job : stale) {
      recover(job);
    }
    if (!stale.isEmpty()) {
      log.warn("recovered {} job(s) left RUNNING by a previous process", stale.size());
    }
    return stale.size();
  }

  /**
   * A send still marked in flight was cut by the stop: the chat may have the media. It is sent
   * again (better twice than never), and this event tells the operator why it may have arrived
   * twice — the only duplicate a crash can cause.
   */
  private void markInterruptedSends() {
    for (Requester r : deliveries.interruptedSends()) {
      Map<String, Object> data = new LinkedHashMap<>();
      data.put("chat_id", r.chatId());
      data.put("send_started_at", String.valueOf(r.sendStartedAt()));
      data.put("may_be_duplicate", true);
      EventRecorder.Event event =
          new EventRecorder.Event(Stage.TELEGRAM_SEND, EventType.TELEGRAM_SEND_INTERRUPTED, data);
      deliveries.clearSendStarted(r.jobId(), r.chatId(), events.rows(List.of(event)), clock.instant());
      events.logWritten(r.jobId(), List.of(event));
    }
  }

  private void recover(Job job) {
    JobContext ctx = JobService.context(job);
    // A file already made and validated is kept: the next attempt only sends it.
    boolean keepOutput = job.filePath() != null && job.media() != null && job.telegramFileId() == null;
    long freed = keepOutput ? 0 : workspace.deleteTmpDir(job.id());
    Map<String, Object> data = new LinkedHashMap<>();
    data.put("retry_count", job.retryCount());
    data.put("running_since", String.valueOf(job.startedAt()));
    data.put("tmp_bytes_removed", freed);
    if (keepOutput) {
      data.put("file_kept", job.filePath());
    }
    String message = "the bot stopped while this job was running";
    if (job.telegramFileId() != null) {
      // A chat had received the upload: the job is done, and the fan-out serves the others.
      data.put("telegram_copy", true);
      stateMachine.transition(
          job.id(), JobStatus.RUNNING, JobStatus.COMPLETED, Map.of("reason", "recovery"), JobChanges.none(),
          List.of(), List.of(new EventRecorder.Event(Stage.ORCHESTRATOR, EventType.JOB_RECOVERED_STALE, data)));
      return;
    }
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
}
