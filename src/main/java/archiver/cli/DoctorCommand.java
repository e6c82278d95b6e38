package archiver.cli;

import archiver.bot.TokenCheck;
import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import archiver.config.Secrets;
import archiver.download.process.SystemProcessRunner;
import archiver.download.tools.ToolProbe;
import archiver.download.tools.ToolVersion;
import archiver.download.tools.YtDlpInstall;
import archiver.storage.Database;
import archiver.storage.InstanceLock;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.FileStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code archiver doctor}: is this machine ready to run the bot? One line per check; exit code 1
 * when something needed is missing, warnings alone keep 0.
 */
@Command(
    name = "doctor",
    mixinStandardHelpOptions = true,
    description =
        "Checks tools, database, paths, disk and the bot token; exit 1 if something needed is missing.")
final class DoctorCommand implements Callable<Integer> {

  private static final long LOW_DISK_BYTES = 1024L * 1024 * 1024;

  @Option(
      names = "--quick",
      description = "Skip the network check of the bot token (for health checks).")
  boolean quick;

  private final RootCommand root;
  private int failures;
  private int warnings;
  private PrintStream out;

  DoctorCommand(RootCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() {
    out = root.environment().out();
    ConfigLoader.Loaded loaded = root.config();
    AppConfig config = loaded.config();
    ok("config", loaded.file().map(f -> "from " + f).orElse("built-in defaults (no config file)"));
    ok("java", Runtime.version() + " at " + System.getProperty("java.home"));
    checkFileNameEncoding();
    checkTools(config);
    checkDatabase();
    reportBot(config);
    checkPaths(config);
    checkDisk(config);
    checkUploadLimit(config);
    checkToken(config, root.secrets());
    checkAuthProfiles(config);
    if (config.security().allowPrivateAddresses()) {
      warn(
          "security",
          "allow_private_addresses is ON: the bot can reach this server's own network. Tests only!");
    }
    if (config.modes().maintenance()) {
      warn("modes", "maintenance is ON: new jobs are refused");
    }
    out.printf("doctor: %d failure(s), %d warning(s)%n", failures, warnings);
    return failures == 0 ? 0 : FailureHandler.FAILURE;
  }

  /** Java encodes file names with the locale's charset; only UTF-8 can hold Arabic titles. */
  private void checkFileNameEncoding() {
    String encoding = System.getProperty("sun.jnu.encoding", "");
    if (encoding.equalsIgnoreCase("UTF-8")) {
      ok("locale", "file names are UTF-8");
    } else {
      fail(
          "locale",
          "file names are "
              + encoding
              + ", so titles in Arabic cannot be saved; start the bot with LANG=C.UTF-8 (./archiver does this)");
    }
  }

  private void checkTools(AppConfig config) {
    ToolProbe probe = new ToolProbe(new SystemProcessRunner());
    ToolVersion ytDlp = probe.ytDlp(config.tools().ytDlp());
    report(ytDlp);
    if (ytDlp.found()) {
      ytDlp
          .ageInDays(root.environment().clock())
          .filter(days -> days > ToolProbe.YT_DLP_MAX_AGE_DAYS)
          .ifPresent(
              days ->
                  warn(
                      "yt-dlp",
                      "version "
                          + ytDlp.version().orElseThrow()
                          + " is "
                          + days
                          + " days old; sites change often: update yt-dlp (see README, 'Updating yt-dlp')"));
    }
    reportAutoUpdate(config);
    report(probe.ffmpeg(config.tools().ffmpeg()));
    report(probe.ffprobe(config.tools().ffprobe()));
  }

  /** Whether the nightly update runs, and why not: a packaged yt-dlp is the owner's to update. */
  private void reportAutoUpdate(AppConfig config) {
    String what = "yt-dlp auto-update";
    YtDlpInstall install =
        YtDlpInstall.detect(config.tools().ytDlp(), root.environment().env().get("PATH"));
    switch (install) {
      case YtDlpInstall.Fixed fixed -> line("INFO", what, "off: " + fixed.why());
      case YtDlpInstall.Updatable u when !config.ytdlp().updatesDaily() ->
          line("INFO", what, "off (ytdlp.auto_update: off); /update_ytdlp updates " + u.replaced());
      case YtDlpInstall.Updatable u ->
          ok(what, "daily between 02:00 and 05:00 UTC, with rollback (" + u.replaced() + ")");
    }
  }

  private void report(ToolVersion tool) {
    if (tool.found()) {
      ok(tool.name(), tool.version().orElseThrow() + " (" + tool.command() + ")");
    } else {
      fail(
          tool.name(),
          "'"
              + tool.command()
              + "' "
              + tool.problem().orElse("is missing")
              + "; install it or set tools."
              + tool.name().replace('-', '_'));
    }
  }

  private void checkDatabase() {
    try {
      Database db = root.database();
      ok(
          "database",
          db.file()
              + " (schema version "
              + db.schemaVersion()
              + ", "
              + db.jobs().countByStatus().values().stream().mapToLong(Long::longValue).sum()
              + " jobs)");
      for (var process : db.processes().list()) {
        line(
            "INFO",
            "process",
            process.identity().id()
                + " ("
                + process.identity().role()
                + "), last heartbeat "
                + process.heartbeatAt());
      }
    } catch (RuntimeException e) {
      fail("database", e.getMessage());
    }
  }

  /** Information only: a running bot is fine, doctor is meant to run beside it. */
  private void reportBot(AppConfig config) {
    Path database = config.paths().database().normalize();
    try {
      String detail =
          InstanceLock.holder(root.resolve(config.paths().database()))
              .map(holder -> "running on " + database + " (" + holder.describe() + ")")
              .orElse("not running on " + database);
      line("INFO", "bot", detail);
    } catch (RuntimeException e) {
      line("INFO", "bot", "cannot tell whether a bot runs on " + database + ": " + e.getMessage());
    }
  }

  private void checkPaths(AppConfig config) {
    checkWritable("paths.tmp_root", root.resolve(config.paths().tmpRoot()));
    checkWritable("paths.archive_root", root.resolve(config.paths().archiveRoot()));
    if (config.storage().backend() == archiver.config.StorageBackend.POSTGRES) {
      // Any process may finish a job of an archive-mode chat and move its file there.
      line(
          "INFO",
          "paths.archive_root",
          "storage.backend is postgres: with workers on other machines, archive mode needs this"
              + " folder on storage they all share (NFS, a shared volume); tmp_root stays each"
              + " process's own");
    }
  }

  private void checkWritable(String key, Path dir) {
    try {
      Files.createDirectories(dir);
      Path probe = Files.createTempFile(dir, ".doctor-", ".tmp");
      Files.delete(probe);
      ok(key, dir + " is writable");
    } catch (IOException | SecurityException e) {
      fail(key, dir + " is not writable: " + e.getMessage());
    }
  }

  private void checkDisk(AppConfig config) {
    Path tmp = root.resolve(config.paths().tmpRoot());
    try {
      FileStore store = Files.getFileStore(Files.exists(tmp) ? tmp : root.environment().workDir());
      long free = store.getUsableSpace();
      long needed = Math.max(LOW_DISK_BYTES, 3 * config.effectiveMaxFileSizeBytes());
      String text = formatBytes(free) + " free on " + store;
      if (free < needed) {
        warn("disk", text + "; less than " + formatBytes(needed) + " may fail downloads");
      } else {
        ok("disk", text);
      }
    } catch (IOException e) {
      warn("disk", "cannot read free space: " + e.getMessage());
    }
  }

  private void checkUploadLimit(AppConfig config) {
    String source =
        switch (config.fileSizeLimitSource()) {
          case CLOUD_API -> "the cloud Bot API's limit; a self-hosted Bot API server takes 2000 MB";
          case SELF_HOSTED_API ->
              "a self-hosted Bot API server's limit, telegram.api_base_url "
                  + config.telegram().apiBaseUrl();
          case CONFIGURED -> "limits.max_file_size_bytes";
        };
    ok("upload limit", formatBytes(config.effectiveMaxFileSizeBytes()) + " (" + source + ")");
  }

  private void checkToken(AppConfig config, Secrets secrets) {
    if (secrets.telegramBotToken().isEmpty()) {
      warn("telegram", Secrets.TOKEN_VARIABLE + " is not set; 'archiver run' needs it");
      return;
    }
    if (quick) {
      ok("telegram", "token is set (not checked: --quick)");
      return;
    }
    String token = secrets.telegramBotToken().get();
    String base = config.telegram().apiBaseUrl().replaceAll("/+$", "");
    // The bot's own client and JSON parser: doctor sees the server as the bot will, and says
    // what 'run' would say when it cannot start.
    switch (TokenCheck.getMe(token, config.telegram().apiBaseUrl())) {
      case TokenCheck.Accepted me ->
          ok("telegram", "getMe answered: @" + me.username() + " via " + base);
      case TokenCheck.Failure failure -> fail("telegram", failure.sentence());
    }
  }

  private void checkAuthProfiles(AppConfig config) {
    for (AppConfig.AuthProfile p : config.authProfiles()) {
      if (p.cookieFile() == null) {
        ok("auth " + p.id(), p.source() + ", no cookies");
      } else if (!p.cookieFileMissing()) {
        ok("auth " + p.id(), p.source() + ", cookies at " + p.cookieFile());
      } else {
        warn(
            "auth " + p.id(),
            p.source()
                + ": cookie file "
                + p.cookieFile()
                + " is missing or unreadable; this profile is skipped");
      }
    }
  }

  private void ok(String what, String detail) {
    line("OK", what, detail);
  }

  private void warn(String what, String detail) {
    warnings++;
    line("WARN", what, detail);
  }

  private void fail(String what, String detail) {
    failures++;
    line("FAIL", what, detail);
  }

  private void line(String status, String what, String detail) {
    out.printf("%-5s %-20s %s%n", status, what, detail);
  }

  static String formatBytes(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    String[] units = {"KiB", "MiB", "GiB", "TiB"};
    double value = bytes;
    int unit = -1;
    while (value >= 1024 && unit < units.length - 1) {
      value /= 1024;
      unit++;
    }
    return String.format(java.util.Locale.ROOT, "%.1f %s", value, units[unit]);
  }
}
