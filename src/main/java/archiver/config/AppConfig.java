package archiver.config;

import archiver.domain.SourceType;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The whole non-secret configuration (docs/ARCHITECTURE.md, "Configuration"). YAML keys are the
 * snake_case forms of the component names. Secrets are not here: see {@link Secrets}.
 */
public record AppConfig(
    Telegram telegram,
    Paths paths,
    Tools tools,
    Limits limits,
    Timeouts timeouts,
    Retries retries,
    Modes modes,
    Security security,
    Sources sources,
    Cleanup cleanup,
    Retention retention,
    Logging logging,
    List<AuthProfile> authProfiles,
    Web web,
    Ytdlp ytdlp,
    Storage storage) {

  /** The cloud Bot API refuses uploads above 50 MB; a self-hosted Bot API server takes 2000 MB. */
  public static final long CLOUD_UPLOAD_LIMIT_BYTES = 50L * 1024 * 1024;

  public static final long SELF_HOSTED_UPLOAD_LIMIT_BYTES = 2000L * 1024 * 1024;

  public static final String CLOUD_API_BASE_URL = "https://api.telegram.org";

  /** {@code limits.max_file_size_bytes: 0}, the default: as large as the Bot API server accepts. */
  public static final long SERVER_LIMIT = 0;

  public AppConfig {
    authProfiles = authProfiles == null ? List.of() : List.copyOf(authProfiles);
  }

  /** A configuration on SQLite ({@link Storage#defaults()}), as before storage had a section. */
  public AppConfig(
      Telegram telegram,
      Paths paths,
      Tools tools,
      Limits limits,
      Timeouts timeouts,
      Retries retries,
      Modes modes,
      Security security,
      Sources sources,
      Cleanup cleanup,
      Retention retention,
      Logging logging,
      List<AuthProfile> authProfiles,
      Web web,
      Ytdlp ytdlp) {
    this(
        telegram,
        paths,
        tools,
        limits,
        timeouts,
        retries,
        modes,
        security,
        sources,
        cleanup,
        retention,
        logging,
        authProfiles,
        web,
        ytdlp,
        Storage.defaults());
  }

  /** The same configuration with other tools (the yt-dlp {@code setup-ytdlp} installed). */
  public AppConfig withTools(Tools other) {
    return new AppConfig(
        telegram,
        paths,
        other,
        limits,
        timeouts,
        retries,
        modes,
        security,
        sources,
        cleanup,
        retention,
        logging,
        authProfiles,
        web,
        ytdlp,
        storage);
  }

  /** The embedded defaults: SQLite under ./data, the cloud Bot API. */
  public static AppConfig defaults() {
    Map<SourceType, Integer> perSource = new EnumMap<>(SourceType.class);
    perSource.put(SourceType.YOUTUBE, 2);
    perSource.put(SourceType.FACEBOOK, 1);
    return new AppConfig(
        new Telegram(CLOUD_API_BASE_URL, List.of(), List.of(), List.of()),
        new Paths(Path.of("./data/archiver.db"), Path.of("./data/tmp"), Path.of("./data/archive")),
        new Tools("yt-dlp", "ffmpeg", "ffprobe"),
        new Limits(2, perSource, 200, 3, 30, 100, SERVER_LIMIT),
        new Timeouts(60, 1800, 900, 600, 2400),
        new Retries(3, List.of(60, 300, 900), Retries.DEFAULT_MAX_LIVE_WAIT_DAYS),
        new Modes(false, false),
        new Security(false, false, List.of()),
        new Sources(List.of("way2allah.com", "islamway.net"), 5, 50),
        new Cleanup(48, 30),
        new Retention(90, 365),
        new Logging("INFO", null, 50, 5),
        // Guest first, cookies only when YouTube asks to sign in (a bot check, an age check):
        // an account used for every video is the one YouTube flags first.
        List.of(
            new AuthProfile("yt_guest", SourceType.YOUTUBE, null, List.of("yt_main")),
            new AuthProfile(
                "yt_main", SourceType.YOUTUBE, Path.of("/etc/archiver/yt_main.txt"), List.of())),
        Web.defaults(),
        Ytdlp.defaults(),
        Storage.defaults());
  }

  /**
   * The largest file the bot may send: what the Bot API server accepts (50 MB for the cloud, 2000
   * MB for a self-hosted server, docs/ARCHITECTURE.md, "Upload limit"), or {@code
   * limits.max_file_size_bytes} when it is set and smaller.
   */
  public long effectiveMaxFileSizeBytes() {
    long serverLimit = serverUploadLimitBytes();
    long configured = limits.maxFileSizeBytes();
    return configured == SERVER_LIMIT ? serverLimit : Math.min(configured, serverLimit);
  }

  /** What the Bot API server at {@code telegram.api_base_url} accepts. */
  public long serverUploadLimitBytes() {
    return telegram.usesCloudApi() ? CLOUD_UPLOAD_LIMIT_BYTES : SELF_HOSTED_UPLOAD_LIMIT_BYTES;
  }

  /** Where {@link #effectiveMaxFileSizeBytes()} comes from. */
  public enum FileSizeLimitSource {
    CLOUD_API,
    SELF_HOSTED_API,
    /** {@code limits.max_file_size_bytes}, set below the server's limit. */
    CONFIGURED
  }

  public FileSizeLimitSource fileSizeLimitSource() {
    long configured = limits.maxFileSizeBytes();
    if (configured != SERVER_LIMIT && configured < serverUploadLimitBytes()) {
      return FileSizeLimitSource.CONFIGURED;
    }
    return telegram.usesCloudApi()
        ? FileSizeLimitSource.CLOUD_API
        : FileSizeLimitSource.SELF_HOSTED_API;
  }

  public record Telegram(
      String apiBaseUrl,
      List<Long> adminUserIds,
      List<Long> allowedUserIds,
      List<Long> allowedChatIds) {
    public Telegram {
      adminUserIds = List.copyOf(adminUserIds == null ? List.of() : adminUserIds);
      allowedUserIds = List.copyOf(allowedUserIds == null ? List.of() : allowedUserIds);
      allowedChatIds = List.copyOf(allowedChatIds == null ? List.of() : allowedChatIds);
    }

    public boolean usesCloudApi() {
      String url = apiBaseUrl == null ? "" : apiBaseUrl.replaceAll("/+$", "");
      return url.equalsIgnoreCase(CLOUD_API_BASE_URL);
    }
  }

  public record Paths(Path database, Path tmpRoot, Path archiveRoot) {}

  public record Tools(String ytDlp, String ffmpeg, String ffprobe) {
    /** {@code tools.yt_dlp}'s default: whatever {@code yt-dlp} is on PATH. */
    public static final String DEFAULT_YT_DLP = "yt-dlp";
  }

  public record Limits(
      int maxParallelJobs,
      Map<SourceType, Integer> maxParallelJobsPerSource,
      int maxQueueLength,
      int maxActiveJobsPerUser,
      int maxJobsPerUserPerHour,
      int maxJobsPerChatPerHour,
      long maxFileSizeBytes,
      int maxPartsPerJob,
      int maxDurationSeconds,
      int audioMinKbps) {

    /** Long media: at most 20 parts, 4 hours, and audio no worse than 32 kbit/s AAC. */
    public static final int DEFAULT_MAX_PARTS = 20;

    public static final int DEFAULT_MAX_DURATION_SECONDS = 4 * 3600;
    public static final int DEFAULT_AUDIO_MIN_KBPS = 32;

    public Limits(
        int maxParallelJobs,
        Map<SourceType, Integer> maxParallelJobsPerSource,
        int maxQueueLength,
        int maxActiveJobsPerUser,
        int maxJobsPerUserPerHour,
        int maxJobsPerChatPerHour,
        long maxFileSizeBytes) {
      this(
          maxParallelJobs,
          maxParallelJobsPerSource,
          maxQueueLength,
          maxActiveJobsPerUser,
          maxJobsPerUserPerHour,
          maxJobsPerChatPerHour,
          maxFileSizeBytes,
          DEFAULT_MAX_PARTS,
          DEFAULT_MAX_DURATION_SECONDS,
          DEFAULT_AUDIO_MIN_KBPS);
    }

    public Limits {
      Map<SourceType, Integer> copy = new EnumMap<>(SourceType.class);
      if (maxParallelJobsPerSource != null) {
        copy.putAll(maxParallelJobsPerSource);
      }
      maxParallelJobsPerSource = java.util.Collections.unmodifiableMap(copy);
    }

    /** The per-source cap, or the global cap for a source without its own. */
    public int maxParallelFor(SourceType source) {
      return Math.min(
          maxParallelJobs, maxParallelJobsPerSource.getOrDefault(source, maxParallelJobs));
    }
  }

  public record Timeouts(
      int metadataSeconds,
      int downloadSeconds,
      int postprocessSeconds,
      int uploadSeconds,
      int jobSeconds) {
    public Duration metadata() {
      return Duration.ofSeconds(metadataSeconds);
    }

    public Duration download() {
      return Duration.ofSeconds(downloadSeconds);
    }

    public Duration postprocess() {
      return Duration.ofSeconds(postprocessSeconds);
    }

    public Duration upload() {
      return Duration.ofSeconds(uploadSeconds);
    }

    public Duration job() {
      return Duration.ofSeconds(jobSeconds);
    }
  }

  /**
   * @param maxLiveWaitDays how long after it was asked for a job may wait for a live event or
   *     premiere to start; 0 never waits
   */
  public record Retries(int maxRetries, List<Integer> backoffSeconds, int maxLiveWaitDays) {
    public static final int DEFAULT_MAX_LIVE_WAIT_DAYS = 7;

    public Retries {
      backoffSeconds = List.copyOf(backoffSeconds == null ? List.of() : backoffSeconds);
    }

    public Retries(int maxRetries, List<Integer> backoffSeconds) {
      this(maxRetries, backoffSeconds, DEFAULT_MAX_LIVE_WAIT_DAYS);
    }

    public Duration maxLiveWait() {
      return Duration.ofDays(maxLiveWaitDays);
    }

    /** The delay before retry number {@code attempt} (1-based); the last step repeats. */
    public Duration backoffFor(int attempt) {
      if (backoffSeconds.isEmpty()) {
        return Duration.ZERO;
      }
      int index = Math.min(Math.max(attempt, 1), backoffSeconds.size()) - 1;
      return Duration.ofSeconds(backoffSeconds.get(index));
    }
  }

  public record Modes(boolean maintenance, boolean debug) {}

  public record Security(
      boolean allowHttp, boolean allowPrivateAddresses, List<String> extraAllowedDomains) {
    public Security {
      extraAllowedDomains =
          List.copyOf(extraAllowedDomains == null ? List.of() : extraAllowedDomains);
    }
  }

  /**
   * Which hosts are lecture sites (TARIQ_ALLAH, with their subdomains) and how many links one
   * message may start.
   */
  /**
   * Where links come from: {@code maxPlaylistItems} caps one playlist's batch (a longer playlist is
   * offered as its first that many items).
   */
  public record Sources(
      List<String> lectureSiteDomains, int maxLinksPerMessage, int maxPlaylistItems) {
    public Sources {
      lectureSiteDomains = List.copyOf(lectureSiteDomains == null ? List.of() : lectureSiteDomains);
    }
  }

  public record Cleanup(int tmpMaxAgeHours, int intervalMinutes) {}

  /**
   * How long the history of finished jobs is kept (docs/ARCHITECTURE.md, "Cleanup"): their events
   * for {@code eventsDays}, the jobs themselves for {@code jobsDays} after their last use.
   */
  public record Retention(int eventsDays, int jobsDays) {}

  public record Logging(String level, Path file, int maxFileMb, int maxFiles) {}

  /**
   * The read-only operator page and its {@code /metrics} (docs/ARCHITECTURE.md, "Operator page"):
   * off by default, and on 127.0.0.1 unless told otherwise. Its token is a secret ({@link
   * Secrets#webToken()}).
   */
  public record Web(boolean enabled, String bind, int port) {
    public static final String LOOPBACK = "127.0.0.1";
    public static final int DEFAULT_PORT = 8090;

    public static Web defaults() {
      return new Web(false, LOOPBACK, DEFAULT_PORT);
    }
  }

  /**
   * yt-dlp itself: {@code autoUpdate} is {@code daily} (the bot updates it at night when it can: a
   * standalone release or a venv it may write to) or {@code off}; {@code extractorArgs} are passed
   * to yt-dlp as {@code --extractor-args}.
   */
  public record Ytdlp(String autoUpdate, List<String> extractorArgs) {
    public static final String DAILY = "daily";
    public static final String OFF = "off";

    public Ytdlp {
      extractorArgs = List.copyOf(extractorArgs == null ? List.of() : extractorArgs);
    }

    public static Ytdlp defaults() {
      return new Ytdlp(DAILY, List.of());
    }

    public boolean updatesDaily() {
      return DAILY.equals(autoUpdate);
    }
  }

  /**
   * Where the jobs are kept: SQLite in {@code paths.database} (the default), or PostgreSQL at
   * {@code url}, a JDBC URL; its password is a secret ({@link Secrets#storagePassword()}).
   */
  public record Storage(StorageBackend backend, String url) {
    public static final String POSTGRES_URL_PREFIX = "jdbc:postgresql://";

    public static Storage defaults() {
      return new Storage(StorageBackend.SQLITE, null);
    }
  }

  public record AuthProfile(String id, SourceType source, Path cookieFile, List<String> fallbacks) {
    public AuthProfile {
      fallbacks = fallbacks == null ? List.of() : List.copyOf(fallbacks);
    }

    /**
     * It names a cookie file that is not there or cannot be read: the profile is skipped, and
     * doctor, /health and /auth say so.
     */
    public boolean cookieFileMissing() {
      return cookieFile != null && !java.nio.file.Files.isReadable(cookieFile);
    }
  }

  /** Profiles of one source, in the order they are configured. */
  public List<AuthProfile> authProfilesFor(SourceType source) {
    List<AuthProfile> result = new ArrayList<>();
    for (AuthProfile p : authProfiles) {
      if (p.source() == source) {
        result.add(p);
      }
    }
    return result;
  }
}
