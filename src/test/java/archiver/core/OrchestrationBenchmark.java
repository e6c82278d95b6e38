package archiver.core;

import archiver.config.AppConfig;
import archiver.core.delivery.ChatDelivery;
import archiver.core.delivery.JobObserver;
import archiver.core.events.EventRecorder;
import archiver.core.jobs.JobRunner;
import archiver.core.jobs.JobService;
import archiver.core.jobs.JobStateMachine;
import archiver.core.jobs.RejectionReason;
import archiver.core.jobs.RetryPolicy;
import archiver.core.jobs.SubmitRequest;
import archiver.core.jobs.SubmitResult;
import archiver.core.pipeline.PipelineListener;
import archiver.core.pipeline.PipelineOutcome;
import archiver.core.pipeline.PipelineRequest;
import archiver.core.pipeline.ReadyMedia;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.Quality;
import archiver.download.intake.HostResolver;
import archiver.download.intake.IntakeSettings;
import archiver.download.intake.UrlIntake;
import archiver.download.media.MediaInfo;
import archiver.storage.Archive;
import archiver.storage.Database;
import archiver.storage.TmpWorkspace;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.LockSupport;

/**
 * Throughput of submit -> COMPLETED with an instant processor, and the scheduler's pick latency
 * (submit returned -> worker started). Run by {@code bench/orchestration-throughput.sh}; not a
 * test.
 *
 * <p>A warm-up round runs first in the same process and database, as a bot that has been up for a
 * while would be: the JIT compiler otherwise takes a large share of the two cores during the first
 * seconds, which measures the JVM's start rather than the queue. The warm-up figure is printed too.
 */
public final class OrchestrationBenchmark {

  /** How long the submitting user waits after "queue full" before asking again. */
  private static final long QUEUE_FULL_PAUSE_NANOS = 1_000_000;

  /** Enough users that none reaches the default per-user limits (30 jobs an hour). */
  private static final int USERS = 1000;

  /** A user of its own for the pick latency runs. */
  private static final long PICK_USER = 1_000_000L;

  private final Map<String, Long> startedAt = new ConcurrentHashMap<>();
  private int queueFull;

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    int warmup = args.length > 1 ? Integer.parseInt(args[1]) : 4000;
    new OrchestrationBenchmark().run(jobs, warmup);
  }

  private void run(int jobs, int warmup) throws Exception {
    Path dir = Files.createTempDirectory("orch-bench");
    AppConfig d = AppConfig.defaults();
    // The default configuration, limits included: 2 workers, a queue of 200 (the submitting loop
    // waits and asks again on "queue full", as users would), 3 unfinished jobs and 30 jobs an hour
    // per user. The jobs come from USERS users in turn, so no user reaches those limits.
    AppConfig.Limits defaults = d.limits();
    AppConfig config =
        new AppConfig(
            d.telegram(),
            d.paths(),
            d.tools(),
            new AppConfig.Limits(
                Integer.getInteger("bench.parallel", defaults.maxParallelJobs()),
                defaults.maxParallelJobsPerSource(),
                Integer.getInteger("bench.queue", defaults.maxQueueLength()),
                defaults.maxActiveJobsPerUser(),
                defaults.maxJobsPerUserPerHour(),
                defaults.maxJobsPerChatPerHour(),
                defaults.maxFileSizeBytes()),
            d.timeouts(),
            d.retries(),
            d.modes(),
            d.security(),
            d.sources(),
            d.cleanup(),
            d.retention(),
            d.logging(),
            List.of(),
            d.web(),
            d.ytdlp());
    try (Database db = Database.open(dir.resolve("bench.db"))) {
      Clock clock = Clock.systemUTC();
      Orchestrator core = orchestrator(config, db, dir.resolve("run"), clock);
      core.start();
      System.out.printf(
          "max_parallel_jobs: %d, max_queue_length: %d, %d users%n",
          config.limits().maxParallelJobs(), config.limits().maxQueueLength(), USERS);
      if (warmup > 0) {
        round(core, db, "warm-up", warmup, 0);
      }
      round(core, db, "measured", jobs, warmup);
      core.stop(Duration.ofSeconds(5));
      pickLatency(config, db, dir.resolve("idle"), clock);
      serialPath(config, db, dir.resolve("serial"), clock, jobs, warmup + jobs);
    }
  }

  private void round(Orchestrator core, Database db, String name, int jobs, int offset) {
    long before = db.jobs().countByStatus().get(JobStatus.COMPLETED);
    queueFull = 0;
    long t0 = System.nanoTime();
    for (int i = offset; i < offset + jobs; i++) {
      SubmitRequest request =
          new SubmitRequest(
              "https://media.example.org/f" + i + ".mp3",
              Quality.P720,
              (long) (i % USERS),
              (long) (i % USERS));
      while (core.jobs().submit(request) instanceof SubmitResult.Rejected rejected) {
        if (rejected.reason() != RejectionReason.QUEUE_FULL) {
          throw new IllegalStateException("refused: " + rejected);
        }
        queueFull++;
        LockSupport.parkNanos(QUEUE_FULL_PAUSE_NANOS);
      }
    }
    long submitted = System.nanoTime();
    while (db.jobs().countByStatus().get(JobStatus.COMPLETED) < before + jobs) {
      // Polling the database in a tight loop would compete with the workers for it.
      LockSupport.parkNanos(20_000_000);
    }
    long done = System.nanoTime();
    double submitSeconds = (submitted - t0) / 1e9;
    double totalSeconds = (done - t0) / 1e9;
    System.out.printf(
        "%s: %d jobs, submit %.2f s (%d times \"queue full\"), submit -> all COMPLETED %.2f s = %.0f jobs/s%n",
        name, jobs, submitSeconds, queueFull, totalSeconds, jobs / totalSeconds);
  }

  /**
   * The same work on one thread, without the scheduler's thread or workers: submit, pick, run, one
   * job after another. Against the measured round it shows what the threads' competition for the
   * one database connection costs.
   */
  private void serialPath(
      AppConfig config, Database db, Path dir, Clock clock, int jobs, int offset) throws Exception {
    EventRecorder events = new EventRecorder(db.events(), clock);
    JobStateMachine stateMachine = new JobStateMachine(db.jobs(), events, clock);
    java.util.concurrent.ScheduledExecutorService timers =
        java.util.concurrent.Executors.newSingleThreadScheduledExecutor();
    try {
      JobRunner runner =
          new JobRunner(
              db.jobs(),
              stateMachine,
              events,
              this::instant,
              new RetryPolicy(config.retries()),
              new TmpWorkspace(dir.resolve("tmp"), clock),
              new Archive(dir.resolve("archive"), clock),
              db.chatSettings(),
              JobObserver.NONE,
              config,
              timers,
              null,
              new ChatDelivery(db.deliveries(), events, JobObserver.NONE, config.retries(), clock),
              () -> {},
              clock);
      JobService service =
          new JobService(
              db.jobs(),
              db.deliveries(),
              stateMachine,
              events,
              new UrlIntake(IntakeSettings.defaults(), HostResolver.system()),
              config.limits(),
              false,
              clock,
              () -> {},
              (id, admin) -> false,
              source -> 1,
              JobObserver.NONE,
              () -> {});
      Map<archiver.domain.SourceType, Integer> onePerSource =
          new java.util.EnumMap<>(archiver.domain.SourceType.class);
      for (archiver.domain.SourceType source : archiver.domain.SourceType.values()) {
        onePerSource.put(source, 1);
      }
      long submit = 0;
      long pick = 0;
      long run = 0;
      long t0 = System.nanoTime();
      for (int i = offset; i < offset + jobs; i++) {
        long a = System.nanoTime();
        service.submit(
            new SubmitRequest(
                "https://media.example.org/s" + i + ".mp3",
                Quality.P720,
                (long) (i % USERS),
                (long) (i % USERS)));
        long b = System.nanoTime();
        Job job =
            stateMachine
                .queueDue(new archiver.storage.JobRepository.ClaimQuota(1, onePerSource))
                .getFirst();
        long c = System.nanoTime();
        runner.run(job, new JobRunner.Handle());
        long e = System.nanoTime();
        submit += b - a;
        pick += c - b;
        run += e - c;
      }
      double seconds = (System.nanoTime() - t0) / 1e9;
      System.out.printf(
          "serial path (one thread: submit, pick, run; no scheduler or worker threads): %.0f jobs/s;"
              + " per job: submit %.0f us, pick %.0f us, run %.0f us%n",
          jobs / seconds, submit / 1e3 / jobs, pick / 1e3 / jobs, run / 1e3 / jobs);
    } finally {
      timers.shutdownNow();
    }
  }

  /**
   * Pick latency is meaningful for a job submitted to an idle scheduler: jobs of a burst queue
   * behind each other, so a fresh single job is measured a few times instead.
   */
  private void pickLatency(AppConfig config, Database db, Path dir, Clock clock) {
    double[] picks = new double[20];
    Orchestrator idle = orchestrator(config, db, dir, clock);
    idle.start();
    for (int i = 0; i < picks.length; i++) {
      String url = "https://media.example.org/pick" + i + ".mp3";
      long before = System.nanoTime();
      idle.jobs().submit(new SubmitRequest(url, Quality.P720, PICK_USER, PICK_USER));
      while (!startedAt.containsKey(url)) {
        Thread.onSpinWait();
      }
      picks[i] = (startedAt.get(url) - before) / 1e6;
      while (db.jobs().countActiveForUser(PICK_USER) > 0) {
        LockSupport.parkNanos(1_000_000);
      }
    }
    idle.stop(Duration.ofSeconds(5));
    Arrays.sort(picks);
    System.out.printf(
        "pick latency (submit -> worker started, idle scheduler, %d runs): median %.1f ms, max %.1f ms%n",
        picks.length, picks[picks.length / 2], picks[picks.length - 1]);
  }

  private Orchestrator orchestrator(AppConfig config, Database db, Path dir, Clock clock) {
    return new Orchestrator(
        config,
        db,
        new UrlIntake(IntakeSettings.defaults(), HostResolver.system()),
        this::instant,
        new TmpWorkspace(dir.resolve("tmp"), clock),
        new Archive(dir.resolve("archive"), clock),
        JobObserver.NONE,
        clock);
  }

  /** Writes a one-byte "video" and reports it ready, as a pipeline would after a real download. */
  private PipelineOutcome instant(PipelineRequest request, PipelineListener listener) {
    startedAt.put(request.url().toString(), System.nanoTime());
    Path out;
    try {
      out = Files.createDirectories(request.workDir().resolve("out")).resolve("m.mp4");
      Files.writeString(out, "x");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    MediaInfo info = new MediaInfo(List.of("mp4"), 1, 1, 1, List.of(), Map.of());
    return new PipelineOutcome.Succeeded(
        new ReadyMedia(
            out,
            Optional.empty(),
            request.quality().jobType(),
            "t",
            Optional.empty(),
            Optional.empty(),
            info,
            1,
            false,
            true));
  }
}
