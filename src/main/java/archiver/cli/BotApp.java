package archiver.cli;

import archiver.bot.BotSettings;
import archiver.bot.CannotConnect;
import archiver.bot.TelegramBot;
import archiver.config.AppConfig;
import archiver.config.StorageBackend;
import archiver.core.Orchestrator;
import archiver.core.admin.AdminService;
import archiver.core.admin.CookieInstaller;
import archiver.core.admin.SettingsService;
import archiver.core.jobs.LeaseSettings;
import archiver.core.jobs.Links;
import archiver.core.upkeep.NightlyYtDlpUpdate;
import archiver.core.upkeep.YtDlpUpdate;
import archiver.core.upkeep.YtDlpWatch;
import archiver.domain.ProcessIdentity;
import archiver.domain.ProcessRole;
import archiver.download.intake.UrlIntake;
import archiver.download.process.SystemProcessRunner;
import archiver.download.tools.ToolProbe;
import archiver.logging.DebugTargets;
import archiver.storage.Archive;
import archiver.storage.Database;
import archiver.storage.TmpWorkspace;
import archiver.web.OperatorServer;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import org.telegram.telegrambots.meta.exceptions.TelegramApiException;

/**
 * The whole bot wired by hand: database, pipeline, core, Telegram. {@code run} and tests use it.
 */
final class BotApp implements AutoCloseable {

  private static final org.slf4j.Logger log = org.slf4j.LoggerFactory.getLogger(BotApp.class);

  /**
   * How long a process's jobs stay its own without a heartbeat on a shared queue: long enough for a
   * slow commit or a pause, short enough that a dead worker's jobs wait little.
   */
  static final Duration LEASE = Duration.ofSeconds(30);

  private final Database db;
  private final Orchestrator core;
  private final TelegramBot bot;
  private final Optional<OperatorServer> web;

  private BotApp(Database db, Orchestrator core, TelegramBot bot, Optional<OperatorServer> web) {
    this.db = db;
    this.core = core;
    this.bot = bot;
    this.web = web;
  }

  static BotApp start(
      AppConfig config, String token, Path workDir, Clock clock, DebugTargets debugTargets)
      throws TelegramApiException, CannotConnect {
    return start(config, token, Optional.empty(), workDir, clock, debugTargets);
  }

  /**
   * {@code webToken}: the operator page's, from the environment (docs/ARCHITECTURE.md, "Operator
   * page").
   */
  static BotApp start(
      AppConfig config,
      String token,
      Optional<String> webToken,
      Path workDir,
      Clock clock,
      DebugTargets debugTargets)
      throws TelegramApiException, CannotConnect {
    return start(config, token, webToken, workDir, clock, debugTargets, ProcessRole.RUN);
  }

  /**
   * {@code role}: {@link ProcessRole#RUN} polls Telegram and works; a {@link ProcessRole#WORKER}
   * only works on the shared queue (no long poll, no operator page).
   */
  static BotApp start(
      AppConfig config,
      String token,
      Optional<String> webToken,
      Path workDir,
      Clock clock,
      DebugTargets debugTargets,
      ProcessRole role)
      throws TelegramApiException, CannotConnect {
    WebWiring.check(config, webToken);
    Database db =
        Database.open(config.storage(), workDir.resolve(config.paths().database()).normalize());
    LeaseSettings leases =
        db.backend() == StorageBackend.POSTGRES ? LeaseSettings.shared(LEASE) : LeaseSettings.SOLE;
    TmpWorkspace workspace =
        new TmpWorkspace(workDir.resolve(config.paths().tmpRoot()).normalize(), clock);
    Archive archive = new Archive(workDir.resolve(config.paths().archiveRoot()).normalize(), clock);
    UrlIntake intake = Wiring.intake(config);
    SettingsService chatSettings = new SettingsService(db.chatSettings(), clock);
    TelegramBot bot =
        new TelegramBot(
            BotSettings.of(
                token,
                config.telegram().apiBaseUrl(),
                config.telegram().adminUserIds(),
                config.telegram().allowedUserIds(),
                config.telegram().allowedChatIds(),
                config.sources().maxLinksPerMessage(),
                config.effectiveMaxFileSizeBytes(),
                config.timeouts().upload()),
            chatSettings,
            clock);
    try {
      bot.connect(); // before recovery and the scheduler: a bot that cannot talk does no work
    } catch (CannotConnect | RuntimeException e) {
      bot.close();
      db.close();
      throw e;
    }
    SystemProcessRunner runner = new SystemProcessRunner();
    ToolProbe probe = new ToolProbe(runner);
    YtDlpWatch watch =
        new YtDlpWatch(
            () -> probe.ytDlp(config.tools().ytDlp()),
            alert -> bot.alertAdmins(alert, chatSettings),
            db.upkeepState(),
            clock);
    Orchestrator core =
        new Orchestrator(
            config,
            db,
            intake,
            Wiring.pipeline(config, db, clock),
            workspace,
            archive,
            bot.observer(),
            watch,
            Wiring.playlistReader(config, runner, clock),
            bot.batchObserver(),
            ProcessIdentity.current(role),
            leases,
            clock);
    YtDlpUpdate update =
        Wiring.ytDlpUpdate(
            config,
            db.file().toAbsolutePath().getParent().resolve("ytdlp-update"),
            runner,
            core.scheduler(),
            alert -> bot.alertAdmins(alert, chatSettings));
    update.recoverInterrupted(); // before any job runs with what a dead update left
    scheduleYtDlpUpdate(config, db, core, update, clock);
    AdminService admin =
        new AdminService(
            db,
            core.jobs(),
            debugTargets,
            intake,
            config,
            () -> probe.ytDlp(config.tools().ytDlp()),
            update,
            clock);
    core.start();
    if (role == ProcessRole.WORKER) {
      bot.workOnly(core.jobs(), core.batches());
      return new BotApp(db, core, bot, Optional.empty());
    }
    try {
      bot.start(
          core.jobs(),
          core.batches(),
          chatSettings,
          admin,
          core.renames(),
          new Links(Wiring.intakeSettings(config)),
          new CookieInstaller(config.authProfiles(), db.authProfiles(), clock));
    } catch (TelegramApiException | CannotConnect | RuntimeException e) {
      core.stop(Duration.ofSeconds(1));
      db.close();
      throw e;
    }
    Optional<OperatorServer> web;
    try {
      web =
          WebWiring.start(
              config,
              webToken,
              db,
              () -> probe.ytDlp(config.tools().ytDlp()),
              core.jobs()::maintenance,
              clock);
    } catch (RuntimeException e) {
      bot.close();
      core.stop(Duration.ofSeconds(1));
      db.close();
      throw e;
    }
    return new BotApp(db, core, bot, web);
  }

  /** {@code ytdlp.auto_update: daily}, when this yt-dlp can be updated by the bot. */
  private static void scheduleYtDlpUpdate(
      AppConfig config, Database db, Orchestrator core, YtDlpUpdate update, Clock clock) {
    if (!config.ytdlp().updatesDaily()) {
      log.info("yt-dlp auto-update is off (ytdlp.auto_update: off); /update_ytdlp still works");
      return;
    }
    if (!update.possible()) {
      log.warn("yt-dlp auto-update is off: {}", update.whyNot());
      return;
    }
    NightlyYtDlpUpdate nightly =
        new NightlyYtDlpUpdate(
            () -> update.start("nightly schedule"),
            db.upkeepState(),
            new java.security.SecureRandom(),
            clock);
    log.info("yt-dlp auto-update: daily at {} UTC", nightly.slot());
    core.every(Duration.ofMinutes(1), "nightly yt-dlp update", nightly::tick);
  }

  Database database() {
    return db;
  }

  Orchestrator core() {
    return core;
  }

  /** Where the operator page listens, when it is on. */
  Optional<Integer> webPort() {
    return web.map(OperatorServer::port);
  }

  /** Stops taking updates, gives running jobs {@code grace}, closes the database. */
  void stop(Duration grace) {
    web.ifPresent(OperatorServer::close);
    bot.close();
    core.stop(grace);
    db.close();
  }

  @Override
  public void close() {
    stop(Duration.ofSeconds(5));
  }
}
