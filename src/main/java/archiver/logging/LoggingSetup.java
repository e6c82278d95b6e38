package archiver.logging;

import archiver.config.AppConfig;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.joran.JoranConfigurator;
import ch.qos.logback.core.joran.spi.JoranException;
import java.net.URL;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/** Applies the {@code logging} section to Logback once the configuration is known. */
public final class LoggingSetup {

  /** Where console lines go: the bot logs to stdout; CLI commands keep stdout for their answer. */
  public enum Target {
    STDOUT("System.out"),
    STDERR("System.err");

    private final String logbackName;

    Target(String logbackName) {
      this.logbackName = logbackName;
    }
  }

  private LoggingSetup() {}

  public static void configure(
      AppConfig.Logging logging, boolean debugMode, Target target, DebugTargets debugTargets) {
    String level = logging.level().toUpperCase(Locale.ROOT);
    System.setProperty("archiver.log.target", target.logbackName);
    System.setProperty("archiver.log.level", level);
    System.setProperty("archiver.log.archiver-level", debugMode ? "DEBUG" : level);
    String resource = "logback.xml";
    if (logging.file() != null) {
      System.setProperty("archiver.log.file", logging.file().toAbsolutePath().toString());
      System.setProperty("archiver.log.max-file-mb", Integer.toString(logging.maxFileMb()));
      System.setProperty("archiver.log.max-files", Integer.toString(logging.maxFiles()));
      resource = "logback-file.xml";
    }
    LoggerContext context = (LoggerContext) LoggerFactory.getILoggerFactory();
    URL url = LoggingSetup.class.getClassLoader().getResource(resource);
    try {
      JoranConfigurator configurator = new JoranConfigurator();
      configurator.setContext(context);
      context.reset();
      configurator.doConfigure(url);
    } catch (JoranException e) {
      throw new IllegalStateException("cannot configure logging from " + resource, e);
    }
    DebugTargetFilter filter = new DebugTargetFilter(debugTargets);
    filter.setContext(context);
    filter.start();
    context.addTurboFilter(filter);
  }
}
