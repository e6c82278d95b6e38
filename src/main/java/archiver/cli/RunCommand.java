package archiver.cli;

import archiver.bot.CannotConnect;
import archiver.config.AppConfig;
import archiver.config.Secrets;
import archiver.logging.LoggingSetup;
import archiver.storage.InstanceLock;
import archiver.storage.InstanceLockedException;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code archiver run}: the bot. Locks the database against a second bot ({@link InstanceLock}),
 * recovers what a previous run left, starts the scheduler and the Telegram long poll, and on
 * SIGTERM stops taking updates, gives running jobs a moment, closes the database and releases the
 * lock (jobs still running are recovered at the next start).
 */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Start the Telegram bot (needs TELEGRAM_BOT_TOKEN). Logs JSON lines to stdout.")
final class RunCommand implements Callable<Integer> {

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

  private final RootCommand root;

  RunCommand(RootCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    AppConfig config = root.config().config();
    Secrets secrets = root.secrets();
    if (secrets.telegramBotToken().isEmpty()) {
      root.environment()
          .err()
          .println(
              "run: "
                  + Secrets.TOKEN_VARIABLE
                  + " is not set; create a bot with @BotFather and export its token");
      return FailureHandler.CONFIG_ERROR;
    }
    Clock clock = root.environment().clock();
    // Before anything opens the database: start-up recovery would take another bot's RUNNING jobs
    // for leftovers of a crash and fail them under its feet.
    InstanceLock lock;
    try {
      lock = InstanceLock.acquire(root.resolve(config.paths().database()), clock);
    } catch (InstanceLockedException e) {
      root.environment()
          .err()
          .println(
              "run: another bot is already running on "
                  + config.paths().database().normalize()
                  + " ("
                  + e.holder().describe()
                  + "); stop it first or use another paths.database");
      return FailureHandler.CONFIG_ERROR;
    }
    LoggingSetup.configure(
        config.logging(), config.modes().debug(), LoggingSetup.Target.STDOUT, root.debugTargets());
    Logger log = LoggerFactory.getLogger(RunCommand.class);
    log.info("holding {}: no other bot can use this database while this one runs", lock.file());
    if (config.security().allowPrivateAddresses()) {
      log.warn(
          "SECURITY: security.allow_private_addresses is ON. The bot will fetch links that point"
              + " at this server and its private network. Use this for tests only.");
    }
    BotApp app;
    try {
      app =
          BotApp.start(
              config,
              secrets.telegramBotToken().get(),
              secrets.webToken(),
              root.environment().workDir(),
              clock,
              root.debugTargets());
    } catch (CannotConnect e) {
      lock.close();
      // One line each, no stack trace: the cause is the operator's to fix, not a bug.
      log.error("cannot start: {}", e.getMessage());
      root.environment().err().println("archiver: cannot start: " + e.getMessage());
      return FailureHandler.FAILURE;
    } catch (Exception e) {
      lock.close();
      throw e;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("shutdown")
                .unstarted(
                    () -> {
                      log.info(
                          "stopping: no new updates; running jobs get {} s",
                          SHUTDOWN_GRACE.toSeconds());
                      try {
                        app.stop(SHUTDOWN_GRACE);
                      } finally {
                        lock.close();
                      }
                      log.info("stopped");
                      stopped.countDown();
                    }));
    log.info(
        "media-archiver is running (max {} parallel jobs, upload limit {} bytes)",
        config.limits().maxParallelJobs(),
        config.effectiveMaxFileSizeBytes());
    stopped.await();
    return 0;
  }
}
