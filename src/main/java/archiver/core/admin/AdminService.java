package archiver.core.admin;

import archiver.config.AppConfig;
import archiver.core.jobs.JobService;
import archiver.core.upkeep.YtDlpUpdate;
import archiver.domain.AuthProfileState;
import archiver.domain.AuthProfileStatus;
import archiver.domain.ErrorType;
import archiver.domain.Job;
import archiver.domain.JobEvent;
import archiver.domain.JobStatus;
import archiver.domain.JobType;
import archiver.domain.Quality;
import archiver.domain.SourceType;
import archiver.download.intake.IntakeResult;
import archiver.download.intake.UrlIntake;
import archiver.download.tools.ToolVersion;
import archiver.logging.DebugTargets;
import archiver.storage.Database;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What the admin commands show and change (docs/ARCHITECTURE.md, "Admin commands"), as plain
 * values.
 */
public final class AdminService {

  private static final Logger log = LoggerFactory.getLogger(AdminService.class);

  /** A snapshot for /health. */
  public record Health(
      Map<JobStatus, Long> jobsByStatus,
      Map<SourceType, Long> runningBySource,
      Map<ErrorType, Long> failuresLast24h,
      long diskFreeBytes,
      Optional<String> ytDlpVersion,
      Optional<Long> ytDlpAgeDays,
      List<AuthProfileState> authProfiles,
      boolean maintenance,
      long uploadLimitBytes,
      AppConfig.FileSizeLimitSource uploadLimitSource,
      Map<String, Path> missingCookieFiles) {}

  /** One job and its newest events, for /job. */
  public record JobDetails(Job job, List<JobEvent> lastEvents) {}

  private final Database db;
  private final JobService jobService;
  private final DebugTargets debugTargets;
  private final UrlIntake intake;
  private final Path tmpRoot;
  private final Supplier<ToolVersion> ytDlpVersion;
  private final YtDlpUpdate ytDlpUpdate;
  private final long uploadLimitBytes;
  private final AppConfig.FileSizeLimitSource uploadLimitSource;
  private final List<AppConfig.AuthProfile> authProfiles;
  private final Clock clock;

  public AdminService(
      Database db,
      JobService jobService,
      DebugTargets debugTargets,
      UrlIntake intake,
      AppConfig config,
      Supplier<ToolVersion> ytDlpVersion,
      YtDlpUpdate ytDlpUpdate,
      Clock clock) {
    this.db = db;
    this.jobService = jobService;
    this.debugTargets = debugTargets;
    this.intake = intake;
    this.tmpRoot = config.paths().tmpRoot();
    this.ytDlpVersion = ytDlpVersion;
    this.ytDlpUpdate = ytDlpUpdate;
    this.uploadLimitBytes = config.effectiveMaxFileSizeBytes();
    this.uploadLimitSource = config.fileSizeLimitSource();
    this.authProfiles = config.authProfiles();
    this.clock = clock;
  }

  public Health health() {
    ToolVersion yt = ytDlpVersion.get();
    return new Health(
        db.jobs().countByStatus(),
        db.jobs().countRunningBySource(),
        db.jobs().countFailuresByTypeSince(clock.instant().minus(Duration.ofHours(24))),
        freeDisk(),
        yt.version(),
        yt.ageInDays(clock),
        db.authProfiles().all(),
        jobService.maintenance(),
        uploadLimitBytes,
        uploadLimitSource,
        missingCookieFiles());
  }

  /** Profiles whose cookie file is not there: the download skips them, whatever their status. */
  private Map<String, Path> missingCookieFiles() {
    Map<String, Path> missing = new java.util.LinkedHashMap<>();
    for (AppConfig.AuthProfile p : authProfiles) {
      if (p.cookieFileMissing()) {
        missing.put(p.id(), p.cookieFile());
      }
    }
    return missing;
  }

  public List<Job> queue(int limit) {
    return db.jobs().listActive(limit);
  }

  public Optional<JobDetails> job(long id, int events) {
    return db.jobs().findById(id).map(j -> new JobDetails(j, db.events().lastForJob(id, events)));
  }

  public boolean debugOn(long jobId) {
    debugTargets.enableJob(jobId);
    log.info("debug logging on for job {}", jobId);
    return true;
  }

  public void debugOff(long jobId) {
    debugTargets.disableJob(jobId);
    log.info("debug logging off for job {}", jobId);
  }

  public void setMaintenance(boolean on) {
    jobService.setMaintenance(on);
  }

  public JobService.CancelResult cancel(long jobId, long adminId) {
    return jobService.cancel(jobId, "admin " + adminId, true);
  }

  /** Brings a DEGRADED profile back to ACTIVE (e.g. after refreshing its cookies). */
  public boolean resetAuthProfile(String id) {
    if (db.authProfiles().find(id).isEmpty()) {
      return false;
    }
    db.authProfiles().setStatus(id, AuthProfileStatus.ACTIVE, clock.instant());
    log.warn("auth profile {} reset to ACTIVE by an admin", id);
    return true;
  }

  /**
   * Forgets Telegram's stored file for a link (every type and quality), so the next request
   * downloads it again. Returns how many stored files were forgotten, or empty for a bad link.
   */
  public Optional<Integer> uncache(String url) {
    if (!(intake.check(url) instanceof IntakeResult.Accepted accepted)) {
      return Optional.empty();
    }
    int cleared = 0;
    for (JobType type : JobType.values()) {
      for (Quality q : Quality.values()) {
        if (q.jobType() == type) {
          cleared +=
              db.jobs().clearTelegramFileIds(accepted.jobKey(type, q).value(), clock.instant());
        }
      }
    }
    log.warn("stored Telegram files forgotten for {}: {}", accepted.normalizedUrl(), cleared);
    return Optional.of(cleared);
  }

  /**
   * {@code /update_ytdlp}: the same update as the nightly one, started in the background (it waits
   * for running jobs); the admins hear how it went. False when one is already under way.
   */
  public boolean updateYtDlp(long adminId) {
    return ytDlpUpdate.start("admin " + adminId);
  }

  private long freeDisk() {
    try {
      Path probe = Files.exists(tmpRoot) ? tmpRoot : Path.of(".");
      return Files.getFileStore(probe).getUsableSpace();
    } catch (IOException e) {
      return -1;
    }
  }
}
