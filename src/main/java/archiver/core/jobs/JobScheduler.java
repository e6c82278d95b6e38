package archiver.core.jobs;

import archiver.config.AppConfig;
import archiver.core.upkeep.JobPause;
import archiver.domain.Job;
import archiver.domain.JobStatus;
import archiver.domain.SourceType;
import archiver.storage.JobLeases;
import archiver.storage.JobRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The one scheduling loop (docs/ARCHITECTURE.md, "Scheduling"): woken on submit, when a worker
 * ends, and once a second, it takes due PENDING jobs first due first (a new job is due when
 * created, a retry when its back-off ends), moves them to QUEUED and starts a worker (a virtual
 * thread) for each while {@code max_parallel_jobs} and the per-source limits allow. The database is
 * the queue: nothing waits in memory but the jobs being worked on.
 */
public final class JobScheduler
    implements JobService.JobCanceller, FreeWorkers, JobPause, AutoCloseable {

  private static final Logger log = LoggerFactory.getLogger(JobScheduler.class);
  private static final Duration TICK = Duration.ofSeconds(1);

  /** How long interrupted workers get to put their tools down at shutdown. */
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(3);

  private final JobRepository jobs;
  private final JobLeases leases;

  /** Each source's limit over every process sharing the queue. */
  private final Map<SourceType, Integer> sourceLimits;

  private final JobStateMachine stateMachine;
  private final JobRunner runner;
  private final Clock clock;
  private final Semaphore global;
  private final Map<SourceType, Semaphore> perSource = new EnumMap<>(SourceType.class);
  private final Map<Long, JobRunner.Handle> owned = new ConcurrentHashMap<>();
  private final ExecutorService workers =
      Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("worker-", 1).factory());
  private final java.util.Deque<Long> leftQueued = new java.util.ArrayDeque<>();
  private final Object signal = new Object();
  private final Object idle = new Object();
  private boolean woken;
  private volatile boolean stopped;
  private volatile boolean paused;
  private Thread loop;

  public JobScheduler(
      JobRepository jobs,
      JobStateMachine stateMachine,
      JobRunner runner,
      AppConfig.Limits limits,
      Clock clock) {
    this(jobs, null, stateMachine, runner, limits, clock);
  }

  /**
   * @param leases where a cancel of a job running in another process is left for it (null: no other
   *     process)
   */
  public JobScheduler(
      JobRepository jobs,
      JobLeases leases,
      JobStateMachine stateMachine,
      JobRunner runner,
      AppConfig.Limits limits,
      Clock clock) {
    this.jobs = jobs;
    this.leases = leases;
    this.stateMachine = stateMachine;
    this.runner = runner;
    this.clock = clock;
    this.global = new Semaphore(limits.maxParallelJobs());
    Map<SourceType, Integer> caps = new EnumMap<>(SourceType.class);
    for (SourceType source : SourceType.values()) {
      perSource.put(source, new Semaphore(limits.maxParallelFor(source)));
      // Only a cap the operator set is shared by every process (it spares the site); a source
      // without one is limited by each process's own max_parallel_jobs.
      if (limits.maxParallelJobsPerSource().containsKey(source)) {
        caps.put(source, limits.maxParallelFor(source));
      }
    }
    this.sourceLimits = Map.copyOf(caps);
  }

  public synchronized void start() {
    if (loop != null) {
      return;
    }
    loop = Thread.ofPlatform().name("scheduler").daemon(true).start(this::loop);
    log.info("scheduler started");
  }

  /**
   * Takes a QUEUED job that recovery leased to this process (its first process stopped before
   * running it): it starts here before due PENDING jobs, when a worker is free.
   */
  public void adopt(Job job) {
    synchronized (this) {
      leftQueued.add(job.id());
    }
    wake();
  }

  /**
   * Asks the loop to look at the queue now. Nothing to do while every worker is busy: the worker
   * that ends next wakes the loop after giving back its place (this runs on every submission).
   */
  public void wake() {
    if (global.availablePermits() == 0 && !stopped) {
      return;
    }
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (!stopped) {
      try {
        dispatchOnce();
      } catch (RuntimeException e) {
        // A database hiccup must not end scheduling for good.
        log.error("scheduler tick failed: {}", e.toString(), e);
      }
      long waitMillis = 0;
      synchronized (signal) {
        if (!woken) {
          waitMillis = TICK.toMillis();
        }
      }
      if (waitMillis > 0 && global.availablePermits() > 0) {
        // A retry may fall due before the tick. Not worth a query while every worker is busy (one
        // that ends wakes the loop) or when the loop was woken meanwhile.
        Optional<Instant> nextDue = jobs.nextDueAfter(clock.instant());
        if (nextDue.isPresent()) {
          waitMillis =
              Math.max(
                  10,
                  Math.min(
                      waitMillis, Duration.between(clock.instant(), nextDue.get()).toMillis()));
        }
      }
      synchronized (signal) {
        if (!woken && !stopped) {
          try {
            signal.wait(waitMillis);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
          }
        }
        woken = false;
      }
    }
  }

  /**
   * Starts workers for what may run now: QUEUED jobs left by a previous process first, then due
   * PENDING jobs first due first. Returns how many were started.
   */
  public synchronized int dispatchOnce() {
    if (paused) {
      return 0; // the waiting jobs stay PENDING (or QUEUED) and start after resume()
    }
    int started = 0;
    while (!leftQueued.isEmpty() && global.availablePermits() > 0) {
      Optional<Job> job = jobs.findById(leftQueued.peek());
      if (job.isEmpty() || job.get().status() != JobStatus.QUEUED) {
        leftQueued.poll();
        continue;
      }
      if (!acquire(job.get().sourceType())) {
        break;
      }
      leftQueued.poll();
      startWorker(job.get());
      started++;
    }
    if (global.availablePermits() == 0) {
      return started; // no free worker: do not even look (this runs on every submit)
    }
    started += startDue();
    return started;
  }

  /**
   * Moves as many due PENDING jobs to QUEUED as there are free workers (within each source's
   * limit), in one transaction, and starts them. Returns how many started.
   */
  private int startDue() {
    int free = global.availablePermits();
    Map<SourceType, Integer> freePerSource = new EnumMap<>(SourceType.class);
    perSource.forEach(
        (source, permits) -> freePerSource.put(source, Math.min(free, permits.availablePermits())));
    int started = 0;
    JobRepository.ClaimQuota quota =
        new JobRepository.ClaimQuota(free, freePerSource, sourceLimits);
    for (Job job : stateMachine.queueDue(quota)) {
      if (acquire(job.sourceType())) {
        startWorker(job);
        started++;
      } else {
        // Only this thread takes permits, so the quota holds; should it not, the job waits its
        // turn.
        log.error(
            "job {} was queued beyond the free workers; it starts when one is free", job.id());
        leftQueued.add(job.id());
      }
    }
    return started;
  }

  private boolean acquire(SourceType source) {
    if (!global.tryAcquire()) {
      return false;
    }
    if (!perSource.get(source).tryAcquire()) {
      global.release();
      return false;
    }
    return true;
  }

  private void release(SourceType source) {
    perSource.get(source).release();
    global.release();
  }

  private void startWorker(Job job) {
    JobRunner.Handle handle = new JobRunner.Handle();
    owned.put(job.id(), handle);
    workers.execute(
        () -> {
          try {
            runner.run(job, handle);
          } finally {
            owned.remove(job.id());
            release(job.sourceType());
            synchronized (idle) {
              idle.notifyAll();
            }
            wake();
          }
        });
  }

  /**
   * Stops the job if it runs here; else, when other processes share the queue, asks its owner to
   * (it sees the request at its next heartbeat).
   */
  @Override
  public boolean cancelRunning(long jobId, boolean byAdmin) {
    if (cancelHere(jobId, byAdmin)) {
      return true;
    }
    return leases != null
        && !owned.containsKey(jobId)
        && leases.requestCancel(jobId, byAdmin ? "admin" : "user", byAdmin, clock.instant());
  }

  /** Stops the job if a worker of this process runs it. */
  public boolean cancelHere(long jobId, boolean byAdmin) {
    JobRunner.Handle handle = owned.get(jobId);
    return handle != null && handle.stop(JobRunner.StopReason.CANCELLED, byAdmin);
  }

  /**
   * This process lost its leases (it could not renew them in time): its workers stop as at
   * shutdown, leaving their jobs RUNNING for the process that takes them over.
   */
  public int stopAllHere() {
    owned.values().forEach(handle -> handle.stop(JobRunner.StopReason.SHUTDOWN));
    return owned.size();
  }

  @Override
  public int freeFor(SourceType source) {
    if (paused) {
      return 0; // a job asked for now waits for resume(), so it has a place in the queue
    }
    return Math.min(global.availablePermits(), perSource.get(source).availablePermits());
  }

  /**
   * Starts no more jobs until {@link #resume()}; running ones go on to their end. Submissions are
   * still taken and wait (a yt-dlp update pauses so that no job starts with a half-replaced tool).
   */
  @Override
  public synchronized void pause() {
    paused = true;
    log.info("scheduler paused: running jobs finish, new ones wait");
  }

  @Override
  public void resume() {
    paused = false;
    log.info("scheduler resumed");
    wake();
  }

  @Override
  public boolean paused() {
    return paused;
  }

  /**
   * Waits until no job runs here, at most {@code limit} (a real wait for real workers; nothing is
   * interrupted). Returns whether none runs.
   */
  @Override
  public boolean awaitIdle(Duration limit) throws InterruptedException {
    long deadline = System.nanoTime() + limit.toNanos();
    synchronized (idle) {
      while (!owned.isEmpty()) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
          return false;
        }
        TimeUnit.NANOSECONDS.timedWait(idle, left);
      }
    }
    return true;
  }

  /** Jobs being worked on in this process. */
  public int activeCount() {
    return owned.size();
  }

  /**
   * Stops taking jobs and gives running ones {@code grace} to finish; what is still running then is
   * left RUNNING in the database for start-up recovery.
   */
  public void stop(Duration grace) {
    stopped = true;
    wake();
    workers.shutdown();
    try {
      if (!workers.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        log.warn(
            "{} job(s) still running at shutdown; they are recovered at the next start",
            owned.size());
        // Their threads are told to stop before the database closes under them, so a worker
        // does not report the closed database as the job's failure.
        owned.values().forEach(handle -> handle.stop(JobRunner.StopReason.SHUTDOWN));
        workers.awaitTermination(SHUTDOWN_WAIT.toMillis(), TimeUnit.MILLISECONDS);
      }
      if (loop != null) {
        loop.join(TICK.toMillis() * 2);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(10));
  }
}
