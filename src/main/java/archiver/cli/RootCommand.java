package archiver.cli;

import archiver.config.AppConfig;
import archiver.config.ConfigLoader;
import archiver.config.Secrets;
import archiver.download.intake.UrlIntake;
import archiver.logging.DebugTargets;
import archiver.logging.LoggingSetup;
import archiver.storage.Database;
import java.nio.file.Path;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code archiver [--config FILE] <command>}: loads the configuration once for the subcommand. */
@Command(
    name = "archiver",
    mixinStandardHelpOptions = true,
    versionProvider = RootCommand.Version.class,
    description = "Self-hosted Telegram bot that downloads, converts and archives media.",
    subcommandsRepeatable = false)
final class RootCommand implements Runnable {

  /** The release the build wrote ({@link archiver.domain.BuildVersion}). */
  static final class Version implements picocli.CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {archiver.domain.BuildVersion.text()};
    }
  }

  @Spec picocli.CommandLine.Model.CommandSpec spec;

  @Option(
      names = "--config",
      paramLabel = "FILE",
      description =
          "YAML configuration (default: $ARCHIVER_CONFIG, else ./config.yaml, else built-in defaults).")
  Path configFile;

  private final CliEnvironment environment;
  private final DebugTargets debugTargets = new DebugTargets();
  private ConfigLoader.Loaded loaded;
  private Database database;

  RootCommand(CliEnvironment environment) {
    this.environment = environment;
  }

  @Override
  public void run() {
    spec.commandLine().usage(environment.out());
  }

  CliEnvironment environment() {
    return environment;
  }

  /** Loads (once) and validates the configuration, and applies its logging section. */
  ConfigLoader.Loaded config() {
    if (loaded == null) {
      ConfigLoader.Loaded read =
          new ConfigLoader()
              .load(Optional.ofNullable(configFile), environment.env(), environment.workDir());
      // The yt-dlp setup-ytdlp installed, unless tools.yt_dlp names another.
      loaded =
          new ConfigLoader.Loaded(
              ManagedYtDlp.prefer(read.config(), resolve(read.config().paths().database())),
              read.file());
      AppConfig c = loaded.config();
      LoggingSetup.configure(
          c.logging(), c.modes().debug(), LoggingSetup.Target.STDERR, debugTargets);
    }
    return loaded;
  }

  DebugTargets debugTargets() {
    return debugTargets;
  }

  Secrets secrets() {
    return Secrets.fromEnvironment(environment.env());
  }

  /** Opens (once) and migrates the configured database. */
  Database database() {
    if (database == null) {
      AppConfig.Storage storage = config().config().storage();
      database =
          Database.open(
              storage, resolve(config().config().paths().database()), secrets().storagePassword());
    }
    return database;
  }

  /** URL intake as configured ({@code security.*}, {@code sources.*}). */
  UrlIntake intake() {
    return Wiring.intake(config().config());
  }

  /** The media pipeline with every downloader, as configured. */
  archiver.core.pipeline.MediaPipeline pipeline() {
    return Wiring.pipeline(config().config(), database(), environment.clock());
  }

  /** Relative paths in the configuration are relative to the working directory. */
  Path resolve(Path path) {
    return environment.workDir().resolve(path).normalize();
  }
}
