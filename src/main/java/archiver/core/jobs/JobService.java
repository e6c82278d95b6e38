package archiver.core.jobs;

import archiver.config.AppConfig;
import archiver.core.delivery.JobObserver;
import archiver.core.events.EventRecorder;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.NewJob;
import archiver.domain.Requester;
import archiver.domain.Stage;
import archiver.domain.UpdateRef;
import archiver.download.intake.IntakeResult;
import archiver.download.intake.UrlIntake;
import archiver.logging.JobContext;
import archiver.logging.JobLog;
import archiver.storage.DeliveryRepository;
import archiver.storage.JobRepository;
import archiver.storage.JobSubmission;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns requests into jobs (docs/ARCHITECTURE.md, "Jobs"): URL intake, de-duplication by job key,
 * limits, then a PENDING job with its JOB_CREATED event; and cancels jobs. A refused request leaves
 * no row behind.
 */
public final class JobService {

  private static final Logger log = LoggerFactory.getLogger(JobService.class);

  private final JobRepository jobs;
  private final JobStateMachine stateMachine;
  private final EventRecorder events;
  private final UrlIntake intake;
  private final AppConfig.Limits limits;
  private final AtomicBoolean maintenance;
  private final Clock clock;
  private final Runnable wakeScheduler;
  private final JobCanceller canceller;
  private final QueuePlaces places;
  private final DeliveryRepository deliveries;
  private final JobObserver observer;
  private final Runnable wakeFanOut;
  private final SubmissionLimits limitsCheck;

  /** Stops a running job's work; the scheduler implements it. */
  public interface JobCanceller {
    /** True when the job was running here and its worker has been told to stop. */
    boolean cancelRunning(long jobId, boolean byAdmin);
  }

  /** What became of a cancel request. */
  public enum CancelResult {
    CANCELLED,
    /** The job had already ended (completed, failed or cancelled before). */
    ALREADY_FINISHED,
    NO_SUCH_JOB
  }

  public JobService(
      JobRepository jobs,
      DeliveryRepository deliveries,
      JobStateMachine stateMachine,
      EventRecorder events,
      UrlIntake intake,
      AppConfig.Limits limits,
      boolean maintenance,
      Clock clock,
      Runnable wakeScheduler,
      JobCanceller canceller,
      FreeWorkers workers,
      JobObserver observer,
      Runnable wakeFanOut) {
    this.deliveries = deliveries;
    this.observer = observer;
    this.wakeFanOut = wakeFanOut;
    this.jobs = jobs;
    this.stateMachine = stateMachine;
    this.events = events;
    this.intake = intake;
    this.limits = limits;
    this.maintenance = new AtomicBoolean(maintenance);
    this.clock = clock;
    this.wakeScheduler = wakeScheduler;
    this.canceller = canceller;
    this.places = new QueuePlaces(jobs, workers, clock);
    this.limitsCheck = new SubmissionLimits(limits, clock);
  }

  public AppConfig.Limits limits() {
    return limits;
  }

  /** 1 for the next job to run ("Queued (position N)"); empty when it starts at once. */
  public OptionalInt queuePosition(long jobId) {
    return places.of(jobId);
  }

  /** Whether new jobs wait for a yt-dlp update (they start when it is done). */
  public boolean paused() {
    return places.paused();
  }

  /** A job as it is now. */
  public Optional<Job> find(long jobId) {
    return jobs.findById(jobId);
  }

  /** The link a job was made for, e.g. to ask for it again another way. */
  public Optional<String> linkOf(long jobId) {
    return jobs.findById(jobId).map(Job::url);
  }

  /** Whether {@code userId} asked for this job (its creator or an attached requester). */
  public boolean ownedBy(long jobId, long userId) {
    Optional<Job> job = jobs.findById(jobId);
    if (job.isEmpty()) {
      return false;
    }
    if (job.get().userId() != null && job.get().userId() == userId) {
      return true;
    }
    return jobs.requesters(jobId).stream()
        .anyMatch(r -> r.userId() != null && r.userId() == userId);
  }

  public boolean maintenance() {
    return maintenance.get();
  }

  /** An admin's /maintenance_on and /maintenance_off; running jobs finish either way. */
  public void setMaintenance(boolean on) {
    maintenance.set(on);
    log.warn("maintenance mode {}", on ? "ON: new jobs are refused" : "OFF");
  }

  /**
   * Whether a link would be refused whatever the user picks (maintenance, or intake refuses the
   * link itself), so the bot can say so in its first reply instead of after the type and quality
   * buttons. Limits are not checked: they may change by the time the user picks.
   */
  public Optional<SubmitResult.Rejected> refusedAtOnce(String url) {
    if (maintenance.get()) {
      return Optional.of(
          new SubmitResult.Rejected(
              RejectionReason.MAINTENANCE, "maintenance mode", Optional.empty(), Optional.empty()));
    }
    if (mediaOnly(intake.check(url)) instanceof IntakeResult.Refused refused) {
      return Optional.of(linkRefused(refused));
    }
    return Optional.empty();
  }

  private static SubmitResult.Rejected linkRefused(IntakeResult.Refused refused) {
    return new SubmitResult.Rejected(
        RejectionReason.URL_REFUSED,
        refused.detail(),
        Optional.of(refused.reason()),
        Optional.empty());
  }

  /**
   * A playlist is never one job: the bot makes it a batch ({@code core.batch}) before it gets here,
   * so what arrives is a request no batch can take (the original file of a whole playlist).
   */
  private static IntakeResult mediaOnly(IntakeResult checked) {
    return checked instanceof IntakeResult.Playlist p ? p.refusal() : checked;
  }

  public SubmitResult submit(SubmitRequest request) {
    if (maintenance.get()) {
      return SubmissionLimits.reject(
          request, RejectionReason.MAINTENANCE, "maintenance mode", Optional.empty());
    }
    IntakeResult checked = mediaOnly(intake.check(request.url()));
    if (checked instanceof IntakeResult.Refused refused) {
      log.info(
          "request refused: {} {} (user {}, chat {})",
          refused.reason(),
          refused.detail(),
          request.userId(),
          request.chatId());
      return linkRefused(refused);
    }
    IntakeResult.Accepted link = (IntakeResult.Accepted) checked;
    String jobKey = link.jobKey(request.quality().jobType(), request.quality()).value();
    NewJob newJob = newJob(link, request, jobKey);
    LifecycleEvent.JobCreated created =
        new LifecycleEvent.JobCreated(
            link.input(),
            link.normalizedUrl(),
            link.uri().toString(),
            link.sourceType(),
            request.quality().jobType(),
            request.quality().code());
    LifecycleEvent.RequesterAttached attached =
        new LifecycleEvent.RequesterAttached(request.chatId(), request.userId(), false);
    LifecycleEvent.RequesterAttached again =
        new LifecycleEvent.RequesterAttached(request.chatId(), request.userId(), true);
    // One transaction: "look for an identical job, check the limits, then insert" cannot be split
    // by another request, so two requests at once cannot both take the last free place.
    SubmitResult result =
        events.afterCommit(
            written ->
                jobs.submitting(
                    tx -> decide(tx, written, request, newJob, created, attached, again)));
    switch (result) {
      case SubmitResult.Created c -> wakeScheduler.run();
      case SubmitResult.Linked l -> {
        // Logged with its event.
      }
      case SubmitResult.Cached c -> wakeFanOut.run();
      case SubmitResult.AlreadyHandled a ->
          log.info(
              "update {} was handled before (Telegram sent it again): ignored",
              request.update().map(UpdateRef::updateId).orElse(0L));
      case SubmitResult.Rejected r -> {
        // Logged where it was refused.
      }
    }
    return result;
  }

  /**
   * Inside the submission's transaction: join an identical job, answer from Telegram, refuse, or
   * create.
   */
  private SubmitResult decide(
      JobSubmission tx,
      EventRecorder.Written written,
      SubmitRequest request,
      NewJob newJob,
      LifecycleEvent.JobCreated created,
      LifecycleEvent.RequesterAttached attached,
      LifecycleEvent.RequesterAttached again) {
    if (request.update().isPresent() && !tx.claimUpdate(request.update().get(), clock.instant())) {
      return new SubmitResult.AlreadyHandled();
    }
    Optional<Job> reusable = tx.findReusableByKey(newJob.jobKey());
    if (reusable.isPresent() && !reusable.get().status().isTerminal()) {
      boolean added =
          request.chatId() != null
              && tx.addRequester(
                  reusable.get().id(),
                  request.chatId(),
                  request.userId(),
                  request.language(),
                  events.rows(List.of(attached)),
                  clock.instant());
      if (added) {
        // The store writes the event only with a new requester: a chat asking twice adds nothing.
        written.wrote(JobContext.of(reusable.get()), List.of(attached));
      }
      return new SubmitResult.Linked(reusable.get(), added);
    }
    if (reusable.isPresent()) {
      if (request.chatId() != null) {
        tx.requestAgain(
            reusable.get().id(),
            request.chatId(),
            request.userId(),
            request.language(),
            written.rows(JobContext.of(reusable.get()), List.of(again)),
            clock.instant());
      }
      return new SubmitResult.Cached(reusable.get());
    }
    // A batch item is under its batch's limit (one running batch per user, one item at a time).
    Optional<SubmitResult.Rejected> limited =
        request.batchId() == null ? limitsCheck.check(tx, request) : Optional.empty();
    if (limited.isPresent()) {
      return limited.get();
    }
    Job job = tx.insert(newJob, request.language(), clock.instant(), events.toJson(created.data()));
    written.wrote(JobContext.of(job), List.of(created));
    return new SubmitResult.Created(job);
  }

  /**
   * Records an effect of a Telegram update (a reply) before it happens; false when a replay of the
   * update already had it, and the reply must not be sent again.
   */
  public boolean claimUpdate(UpdateRef ref) {
    return deliveries.claimUpdate(ref, clock.instant());
  }

  /** The chat's status message for a job, so it is edited again and removed after a restart. */
  public void rememberStatusMessage(long jobId, long chatId, int messageId, String language) {
    deliveries.rememberStatusMessage(jobId, chatId, messageId, language);
  }

  /** Everyone who asked for a job, with where their delivery stands. */
  public List<Requester> requesters(long jobId) {
    return deliveries.requesters(jobId);
  }

  private static NewJob newJob(IntakeResult.Accepted link, SubmitRequest request, String jobKey) {
    return new NewJob(
        link.input(),
        link.normalizedUrl(),
        link.mediaId().orElse(null),
        link.sourceType(),
        request.quality().jobType(),
        request.quality().code(),
        jobKey,
        null,
        request.userId(),
        request.chatId(),
        request.batchId());
  }

  /**
   * Cancels a job in any unfinished state (docs/ARCHITECTURE.md, "Job states"). A waiting job fails
   * at once and its chats are told; a running one is interrupted and fails when its worker has
   * stopped and removed its files.
   */
  public CancelResult cancel(long jobId, String by, boolean byAdmin) {
    return cancel(jobId, by, byAdmin, 3);
  }

  private CancelResult cancel(long jobId, String by, boolean byAdmin, int triesLeft) {
    Optional<Job> found = jobs.findById(jobId);
    if (found.isEmpty()) {
      return CancelResult.NO_SUCH_JOB;
    }
    if (found.get().status().isTerminal()) {
      return CancelResult.ALREADY_FINISHED;
    }
    Job job = found.get();
    if (job.status() == JobStatus.RUNNING) {
      if (canceller.cancelRunning(jobId, byAdmin)) {
        events.record(JobContext.of(job), new LifecycleEvent.JobCancelled(by));
        return CancelResult.CANCELLED;
      }
      return CancelResult.ALREADY_FINISHED;
    }
    TransitionResult result;
    try (JobLog.Scope scope = JobLog.open(JobContext.of(job), Stage.ORCHESTRATOR)) {
      result = stateMachine.transition(jobId, new JobTransition.Cancel(job.status(), by));
    }
    if (result.applied()) {
      // A job waiting for a retry still shows "I'll try again": say what happened instead.
      observer.cancelled(
          job, requesters(jobId).stream().filter(Requester::waiting).toList(), byAdmin);
      return CancelResult.CANCELLED;
    }
    // It moved on meanwhile (was picked up): try again against its new state.
    return triesLeft > 1
        ? cancel(jobId, by, byAdmin, triesLeft - 1)
        : CancelResult.ALREADY_FINISHED;
  }
}
