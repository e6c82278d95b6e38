package archiver.core.jobs;

import archiver.domain.ProcessIdentity;
import archiver.storage.JobLeases;
import archiver.storage.ProcessRepository;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps this process's leases (docs/ARCHITECTURE.md, "Processes and leases"): its row in {@code
 * processes}, renewed every {@link LeaseSettings#heartbeat()}. At each beat it also acts on cancel
 * requests that other processes left for its jobs, and — when the queue is shared — takes over the
 * jobs of processes that went silent. A process that cannot renew its leases for as long as they
 * last stops its own workers: another process is about to take their jobs over, and a job must
 * never run twice.
 */
public final class Heartbeat {

  private static final Logger log = LoggerFactory.getLogger(Heartbeat.class);

  private final ProcessIdentity self;
  private final int maxParallelJobs;
  private final ProcessRepository processes;
  private final JobLeases leases;
  private final JobScheduler scheduler;
  private final StartupRecovery recovery;
  private final LeaseSettings settings;
  private final Clock clock;
  private Instant renewed;
  private boolean lost;

  public Heartbeat(
      ProcessIdentity self,
      int maxParallelJobs,
      ProcessRepository processes,
      JobLeases leases,
      JobScheduler scheduler,
      StartupRecovery recovery,
      LeaseSettings settings,
      Clock clock) {
    this.self = self;
    this.maxParallelJobs = maxParallelJobs;
    this.processes = processes;
    this.leases = leases;
    this.scheduler = scheduler;
    this.recovery = recovery;
    this.settings = settings;
    this.clock = clock;
  }

  /** Adds this process's row; before recovery, so that its own leases count as alive. */
  public void register() {
    processes.register(self, maxParallelJobs, clock.instant());
    renewed = clock.instant();
    log.info(
        "process {} ({}) registered; heartbeat every {} s, leases last {} s",
        self.id(),
        self.role(),
        settings.heartbeat().toSeconds(),
        settings.expiry().toSeconds());
  }

  public Duration every() {
    return settings.heartbeat();
  }

  /** One beat: renew, act on cancel requests, take over what silent processes left. */
  public synchronized void beat() {
    Instant now = clock.instant();
    try {
      if (!processes.beat(self.id(), now)) {
        log.warn("process {}: its row was gone (removed as silent?); registering again", self.id());
        processes.register(self, maxParallelJobs, now);
      }
      renewed = now;
      lost = false;
    } catch (RuntimeException e) {
      Duration silent = Duration.between(renewed, now);
      log.error(
          "process {}: cannot renew the heartbeat ({} s without): {}",
          self.id(),
          silent.toSeconds(),
          e.toString());
      if (silent.compareTo(settings.expiry()) >= 0 && !lost && settings.shared()) {
        lost = true;
        int stopped = scheduler.stopAllHere();
        log.error(
            "process {}: leases expired; stopped {} job(s) here so that another process can take"
                + " them over",
            self.id(),
            stopped);
      }
      return;
    }
    for (JobLeases.CancelRequest request : leases.cancelRequests(self.id())) {
      scheduler.cancelHere(request.jobId(), request.byAdmin());
      leases.cancelHandled(request.jobId());
    }
    if (settings.shared()) {
      recovery.takeOver();
      processes.removeSilentSince(now.minus(Duration.ofDays(1)));
    }
  }

  /** This process stops: its row goes. Jobs still RUNNING here wait for recovery. */
  public void deregister() {
    try {
      processes.remove(self.id());
    } catch (RuntimeException e) {
      log.warn("process {}: cannot remove its row: {}", self.id(), e.toString());
    }
  }
}
