package archiver.cli;

import archiver.bot.CannotConnect;
import archiver.config.AppConfig;
import archiver.config.Secrets;
import archiver.config.StorageBackend;
import archiver.domain.ProcessRole;
import archiver.logging.LoggingSetup;
import java.time.Clock;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import picocli.CommandLine.Command;

/**
 * {@code archiver worker}: one more process working on the shared PostgreSQL queue beside {@code
 * archiver run} (docs/ARCHITECTURE.md, "Processes and leases"): it downloads, converts, uploads and
 * delivers, but takes no Telegram updates. On SIGTERM it stops taking jobs and gives running ones a
 * moment; what is still running is taken over once its lease expires.
 */
@Command(
    name = "worker",
    mixinStandardHelpOptions = true,
    description =
        "Work on jobs beside `archiver run` (needs storage.backend: postgres and"
            + " TELEGRAM_BOT_TOKEN). Logs JSON lines to stdout.")
final class WorkerCommand implements Callable<Integer> {

  private static final Duration SHUTDOWN_GRACE = Duration.ofSeconds(20);

  private final RootCommand root;

  WorkerCommand(RootCommand root) {
    this.root = root;
  }

  @Override
  public Integer call() throws Exception {
    AppConfig config = root.config().config();
    Secrets secrets = root.secrets();
    if (config.storage().backend() != StorageBackend.POSTGRES) {
      root.environment()
          .err()
          .println(
              "worker: needs storage.backend: postgres (processes share the queue there); on"
                  + " SQLite `archiver run` does all the work on its own");
      return FailureHandler.CONFIG_ERROR;
    }
    if (secrets.telegramBotToken().isEmpty()) {
      root.environment()
          .err()
          .println(
              "worker: "
                  + Secrets.TOKEN_VARIABLE
                  + " is not set; a worker sends the media itself, with the bot's token");
      return FailureHandler.CONFIG_ERROR;
    }
    Clock clock = root.environment().clock();
    LoggingSetup.configure(
        config.logging(), config.modes().debug(), LoggingSetup.Target.STDOUT, root.debugTargets());
    Logger log = LoggerFactory.getLogger(WorkerCommand.class);
    BotApp app;
    try {
      app =
          BotApp.start(
              config,
              secrets.telegramBotToken().get(),
              Optional.empty(),
              root.environment().workDir(),
              clock,
              root.debugTargets(),
              ProcessRole.WORKER);
    } catch (CannotConnect e) {
      log.error("cannot start: {}", e.getMessage());
      root.environment().err().println("archiver: cannot start: " + e.getMessage());
      return FailureHandler.FAILURE;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime()
        .addShutdownHook(
            Thread.ofPlatform()
                .name("shutdown")
                .unstarted(
                    () -> {
                      log.info(
                          "stopping: no new jobs; running jobs get {} s",
                          SHUTDOWN_GRACE.toSeconds());
                      app.stop(SHUTDOWN_GRACE);
                      log.info("stopped");
                      stopped.countDown();
                    }));
    log.info(
        "media-archiver worker is running (max {} parallel jobs)",
        config.limits().maxParallelJobs());
    stopped.await();
    return 0;
  }
}
