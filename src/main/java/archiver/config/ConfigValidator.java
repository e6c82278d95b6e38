package archiver.config;

import java.net.URI;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/** Refuses impossible values with one line naming the key, so start-up stops early and clearly. */
final class ConfigValidator {

  private static final Set<String> LEVELS = Set.of("TRACE", "DEBUG", "INFO", "WARN", "ERROR");

  void validate(AppConfig c) {
    requireSection(c.telegram(), "telegram");
    requireSection(c.paths(), "paths");
    requireSection(c.tools(), "tools");
    requireSection(c.limits(), "limits");
    requireSection(c.timeouts(), "timeouts");
    requireSection(c.retries(), "retries");
    requireSection(c.modes(), "modes");
    requireSection(c.security(), "security");
    requireSection(c.sources(), "sources");
    requireSection(c.cleanup(), "cleanup");
    requireSection(c.logging(), "logging");
    requireSection(c.web(), "web");
    requireSection(c.ytdlp(), "ytdlp");
    requireSection(c.storage(), "storage");

    validateTelegram(c.telegram());
    validatePaths(c.paths());
    requireText(c.tools().ytDlp(), "tools.yt_dlp");
    requireText(c.tools().ffmpeg(), "tools.ffmpeg");
    requireText(c.tools().ffprobe(), "tools.ffprobe");
    validateLimits(c.limits());
    validateTimeouts(c.timeouts());
    validateRetries(c.retries());
    atLeast(c.cleanup().tmpMaxAgeHours(), 1, "cleanup.tmp_max_age_hours");
    atLeast(c.cleanup().intervalMinutes(), 1, "cleanup.interval_minutes");
    requireSection(c.retention(), "retention");
    atLeast(c.retention().eventsDays(), 1, "retention.events_days");
    atLeast(c.retention().jobsDays(), 1, "retention.jobs_days");
    validateLogging(c.logging());
    validateAuthProfiles(c);
    requireDomains(c.security().extraAllowedDomains(), "security.extra_allowed_domains");
    requireDomains(c.sources().lectureSiteDomains(), "sources.lecture_site_domains");
    atLeast(c.sources().maxLinksPerMessage(), 1, "sources.max_links_per_message");
    atLeast(c.sources().maxPlaylistItems(), 1, "sources.max_playlist_items");
    validateWeb(c.web());
    validateStorage(c.storage());
    String autoUpdate = c.ytdlp().autoUpdate();
    if (!AppConfig.Ytdlp.DAILY.equals(autoUpdate) && !AppConfig.Ytdlp.OFF.equals(autoUpdate)) {
      fail("ytdlp.auto_update: must be daily or off, got '" + autoUpdate + "'");
    }
    for (String args : c.ytdlp().extractorArgs()) {
      // yt-dlp's form is EXTRACTOR:ARGS (its README, "--extractor-args"); a blank or a line break
      // would be passed on as a broken option and fail every download.
      if (!args.matches("[A-Za-z0-9_-]+:\\S.*") || args.contains("\n")) {
        fail(
            "ytdlp.extractor_args: each must be EXTRACTOR:ARGS, e.g."
                + " youtubepot-bgutilhttp:base_url=http://127.0.0.1:4416, got '"
                + args
                + "'");
      }
    }
  }

  /**
   * SQLite needs nothing more than paths.database; PostgreSQL needs to know where its server is.
   */
  private static void validateStorage(AppConfig.Storage s) {
    if (s.backend() == null) {
      fail("storage.backend: must be sqlite or postgres");
    }
    if (s.backend() != StorageBackend.POSTGRES) {
      return;
    }
    String url = s.url() == null ? "" : s.url().trim();
    if (url.isEmpty()) {
      fail(
          "storage.url: required when storage.backend is postgres, e.g."
              + " jdbc:postgresql://127.0.0.1:5432/archiver?user=archiver");
    }
    if (!url.startsWith(AppConfig.Storage.POSTGRES_URL_PREFIX)) {
      fail(
          "storage.url: must start with "
              + AppConfig.Storage.POSTGRES_URL_PREFIX
              + ", got '"
              + url
              + "'");
    }
  }

  /**
   * An address literal, so that whether the page is reachable beyond this machine is known without
   * asking DNS; whether it then needs a token is decided where the token is known.
   */
  private static void validateWeb(AppConfig.Web w) {
    requireText(w.bind(), "web.bind");
    if (!WebBind.isAddressLiteral(w.bind())) {
      fail(
          "web.bind: must be an IP address such as 127.0.0.1, 0.0.0.0 or ::1, got '"
              + w.bind()
              + "'");
    }
    atLeast(w.port(), 1, "web.port");
    if (w.port() > 65535) {
      fail("web.port: must be at most 65535, got " + w.port());
    }
  }

  private static void validateTelegram(AppConfig.Telegram t) {
    requireText(t.apiBaseUrl(), "telegram.api_base_url");
    try {
      URI uri = new URI(t.apiBaseUrl());
      String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
      if (!(scheme.equals("http") || scheme.equals("https")) || uri.getHost() == null) {
        fail("telegram.api_base_url: must be an http(s) URL, got '" + t.apiBaseUrl() + "'");
      }
    } catch (java.net.URISyntaxException e) {
      fail("telegram.api_base_url: not a valid URL: '" + t.apiBaseUrl() + "'");
    }
    for (Long id : t.adminUserIds()) {
      if (id == null) {
        fail("telegram.admin_user_ids: contains an empty entry");
      }
    }
  }

  private static void validatePaths(AppConfig.Paths p) {
    if (p.database() == null) {
      fail("paths.database: must be set");
    }
    if (p.tmpRoot() == null) {
      fail("paths.tmp_root: must be set");
    }
    if (p.archiveRoot() == null) {
      fail("paths.archive_root: must be set");
    }
    Path tmp = p.tmpRoot().toAbsolutePath().normalize();
    Path archive = p.archiveRoot().toAbsolutePath().normalize();
    if (tmp.equals(archive)) {
      fail(
          "paths.tmp_root: must differ from paths.archive_root (cleanup would delete the archive)");
    }
    if (tmp.startsWith(archive)) {
      fail("paths.tmp_root: must not lie inside paths.archive_root (" + archive + ")");
    }
    if (archive.startsWith(tmp)) {
      fail("paths.archive_root: must not lie inside paths.tmp_root (cleanup would delete it)");
    }
  }

  private static void validateLimits(AppConfig.Limits l) {
    atLeast(l.maxParallelJobs(), 1, "limits.max_parallel_jobs");
    for (Map.Entry<archiver.domain.SourceType, Integer> e :
        l.maxParallelJobsPerSource().entrySet()) {
      if (e.getValue() == null) {
        fail("limits.max_parallel_jobs_per_source." + e.getKey() + ": must be a number");
      }
      atLeast(e.getValue(), 1, "limits.max_parallel_jobs_per_source." + e.getKey());
    }
    atLeast(l.maxQueueLength(), 1, "limits.max_queue_length");
    atLeast(l.maxActiveJobsPerUser(), 1, "limits.max_active_jobs_per_user");
    atLeast(l.maxJobsPerUserPerHour(), 1, "limits.max_jobs_per_user_per_hour");
    atLeast(l.maxJobsPerChatPerHour(), 1, "limits.max_jobs_per_chat_per_hour");
    atLeast(l.maxPartsPerJob(), 1, "limits.max_parts_per_job");
    atLeast(l.maxDurationSeconds(), 1, "limits.max_duration_seconds");
    atLeast(l.audioMinKbps(), 8, "limits.audio_min_kbps");
    if (l.maxPartsPerJob() > 100) {
      fail("limits.max_parts_per_job: must be at most 100, got " + l.maxPartsPerJob());
    }
    if (l.maxFileSizeBytes() != AppConfig.SERVER_LIMIT && l.maxFileSizeBytes() < 1024) {
      fail(
          "limits.max_file_size_bytes: must be 0 (the Bot API server's limit) or at least 1024, got "
              + l.maxFileSizeBytes());
    }
  }

  private static void validateTimeouts(AppConfig.Timeouts t) {
    atLeast(t.metadataSeconds(), 1, "timeouts.metadata_seconds");
    atLeast(t.downloadSeconds(), 1, "timeouts.download_seconds");
    atLeast(t.postprocessSeconds(), 1, "timeouts.postprocess_seconds");
    atLeast(t.uploadSeconds(), 1, "timeouts.upload_seconds");
    atLeast(t.jobSeconds(), 1, "timeouts.job_seconds");
  }

  private static void validateRetries(AppConfig.Retries r) {
    atLeast(r.maxRetries(), 0, "retries.max_retries");
    atLeast(r.maxLiveWaitDays(), 0, "retries.max_live_wait_days");
    if (r.maxLiveWaitDays() > 366) {
      fail("retries.max_live_wait_days: must be at most 366, got " + r.maxLiveWaitDays());
    }
    if (r.maxRetries() > 0 && r.backoffSeconds().isEmpty()) {
      fail("retries.backoff_seconds: must list at least one delay when retries.max_retries > 0");
    }
    for (Integer s : r.backoffSeconds()) {
      if (s == null || s < 0) {
        fail("retries.backoff_seconds: delays must be 0 or more seconds, got " + s);
      }
    }
  }

  private static void validateLogging(AppConfig.Logging l) {
    requireText(l.level(), "logging.level");
    if (!LEVELS.contains(l.level().toUpperCase(Locale.ROOT))) {
      fail("logging.level: must be one of " + LEVELS + ", got '" + l.level() + "'");
    }
    atLeast(l.maxFileMb(), 1, "logging.max_file_mb");
    atLeast(l.maxFiles(), 1, "logging.max_files");
  }

  private static void validateAuthProfiles(AppConfig c) {
    Set<String> ids = new HashSet<>();
    for (int i = 0; i < c.authProfiles().size(); i++) {
      AppConfig.AuthProfile p = c.authProfiles().get(i);
      String key = "auth_profiles[" + i + "]";
      if (p == null) {
        fail(key + ": is empty");
      }
      requireText(p.id(), key + ".id");
      if (!p.id().matches("[A-Za-z0-9_.-]{1,64}")) {
        fail(key + ".id: use letters, digits, '_', '-' or '.', got '" + p.id() + "'");
      }
      if (p.source() == null) {
        fail(key + ".source: must be set (YOUTUBE, FACEBOOK, ...)");
      }
      if (!ids.add(p.id())) {
        fail(key + ".id: '" + p.id() + "' is used twice");
      }
    }
    for (int i = 0; i < c.authProfiles().size(); i++) {
      AppConfig.AuthProfile p = c.authProfiles().get(i);
      for (String fallback : p.fallbacks()) {
        AppConfig.AuthProfile target =
            c.authProfiles().stream().filter(q -> q.id().equals(fallback)).findFirst().orElse(null);
        if (target == null) {
          fail("auth_profiles[" + i + "].fallbacks: no profile with id '" + fallback + "'");
        }
        if (target.source() != p.source()) {
          fail(
              "auth_profiles["
                  + i
                  + "].fallbacks: '"
                  + fallback
                  + "' is for "
                  + target.source()
                  + ", not "
                  + p.source());
        }
        if (fallback.equals(p.id())) {
          fail("auth_profiles[" + i + "].fallbacks: a profile cannot fall back to itself");
        }
      }
    }
  }

  private static void requireDomains(java.util.List<String> domains, String key) {
    for (String domain : domains) {
      if (domain == null || !domain.matches("(?i)[\\p{L}\\p{N}.-]+\\.[\\p{L}\\p{N}-]+")) {
        fail(key + ": '" + domain + "' is not a domain name");
      }
    }
  }

  private static void requireSection(Object section, String key) {
    if (section == null) {
      fail(key + ": section must not be empty");
    }
  }

  private static void requireText(String value, String key) {
    if (value == null || value.isBlank()) {
      fail(key + ": must be set");
    }
  }

  private static void atLeast(long value, long min, String key) {
    if (value < min) {
      fail(key + ": must be at least " + min + ", got " + value);
    }
  }

  private static void fail(String message) {
    throw new ConfigException("config: " + message);
  }
}
