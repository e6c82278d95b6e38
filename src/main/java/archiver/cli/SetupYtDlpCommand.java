package archiver.cli;

import archiver.download.process.ProcessResult;
import archiver.download.process.ProcessRunner;
import archiver.download.process.ProcessSpec;
import archiver.download.process.SystemProcessRunner;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code archiver setup-ytdlp}: installs a current yt-dlp (with its YouTube extras and deno, the
 * JavaScript runtime it needs for YouTube's player since 2025.11) into a venv of the bot's own
 * beside its database, the way yt-dlp's README recommends (pip). Run again, it upgrades. The bot
 * and every command then use it ({@link ManagedYtDlp}), and the nightly update keeps it fresh.
 */
@Command(
    name = "setup-ytdlp",
    mixinStandardHelpOptions = true,
    description =
        "Installs a current yt-dlp (and deno) into a venv beside the database, which the bot then"
            + " uses and updates itself; run again to upgrade.")
final class SetupYtDlpCommand implements Callable<Integer> {

  /** pip downloads about 60 MB (yt-dlp, its extras, deno); a slow line needs minutes. */
  static final Duration PIP_TIMEOUT = Duration.ofMinutes(15);

  private static final Duration STEP_TIMEOUT = Duration.ofMinutes(2);

  @Option(
      names = "--python",
      defaultValue = "python3",
      description = "The Python 3.10+ to make the venv with (default ${DEFAULT-VALUE}).")
  String python;

  @Option(
      names = "--packages",
      split = ",",
      defaultValue = "yt-dlp[default],deno",
      description = "What pip installs (default ${DEFAULT-VALUE}).")
  List<String> packages;

  private final RootCommand root;
  private final ProcessRunner processes;

  SetupYtDlpCommand(RootCommand root) {
    this(root, new SystemProcessRunner());
  }

  SetupYtDlpCommand(RootCommand root, ProcessRunner processes) {
    this.root = root;
    this.processes = processes;
  }

  @Override
  public Integer call() throws IOException, InterruptedException {
    PrintStream out = root.environment().out();
    PrintStream err = root.environment().err();
    Path venv = ManagedYtDlp.dir(root.resolve(root.config().config().paths().database()));
    if (!Files.isExecutable(venv.resolve("bin").resolve("pip"))) {
      out.println("creating the venv " + venv);
      Files.createDirectories(venv.getParent());
      if (!step(List.of(python, "-m", "venv", venv.toString()), STEP_TIMEOUT, err)) {
        err.println(
            "could not create a venv with "
                + python
                + ": install Python 3 and its venv module (Debian/Ubuntu: apt install"
                + " python3-venv), or name another with --python");
        return FailureHandler.FAILURE;
      }
    }
    out.println("installing " + String.join(", ", packages) + " with pip (a minute or two)");
    List<String> pip =
        new java.util.ArrayList<>(
            List.of(
                venv.resolve("bin").resolve("pip").toString(),
                "install",
                "--disable-pip-version-check",
                "--upgrade"));
    pip.addAll(packages);
    if (!step(pip, PIP_TIMEOUT, err)) {
      err.println(
          "pip could not install yt-dlp: see its message above (no network to pypi.org? a proxy"
              + " needs HTTPS_PROXY)");
      return FailureHandler.FAILURE;
    }
    Path ytDlp = ManagedYtDlp.binary(venv);
    ProcessResult version =
        processes.run(ProcessSpec.of(List.of(ytDlp.toString(), "--version"), STEP_TIMEOUT));
    if (!version.succeeded() || version.stdout().isBlank()) {
      err.println(ytDlp + " does not run after the install: " + lastLine(version.stderr()));
      return FailureHandler.FAILURE;
    }
    out.println("yt-dlp " + version.stdout().strip() + " is installed at " + ytDlp);
    out.println(AppConfigNote.usedWhen(root.config().config().tools().ytDlp(), ytDlp.toString()));
    return 0;
  }

  /** Runs one step, passing its output on; true when it succeeded. */
  private boolean step(List<String> command, Duration timeout, PrintStream err)
      throws InterruptedException {
    try {
      ProcessResult r = processes.run(ProcessSpec.of(command, timeout), line -> {}, line -> {});
      if (!r.succeeded()) {
        err.println(
            String.join(" ", command.subList(0, Math.min(3, command.size())))
                + (r.timedOut() ? ": timed out" : ": exit " + r.exitCode())
                + ": "
                + lastLine(r.stderr().isBlank() ? r.stdout() : r.stderr()));
      }
      return r.succeeded();
    } catch (IOException e) {
      err.println("cannot run " + command.getFirst() + ": " + e.getMessage());
      return false;
    }
  }

  private static String lastLine(String text) {
    return text.strip().lines().reduce((a, b) -> b).orElse("");
  }

  /** What the operator needs to know about which yt-dlp the bot will use. */
  static final class AppConfigNote {
    private AppConfigNote() {}

    static String usedWhen(String configured, String installed) {
      return configured.equals(installed)
              || configured.equals(archiver.config.AppConfig.Tools.DEFAULT_YT_DLP)
          ? "the bot and every archiver command use it from now on (restart a running bot);"
              + " with ytdlp.auto_update: daily it is updated every night"
          : "tools.yt_dlp is set to "
              + configured
              + ": the bot keeps using that; remove the setting (or set it to "
              + installed
              + ") to use this one";
    }
  }
}
