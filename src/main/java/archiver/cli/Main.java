package archiver.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import picocli.CommandLine;

/** Entry point of {@code archiver.jar}: builds the command tree and runs one command. */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
    PrintStream err = new PrintStream(System.err, true, StandardCharsets.UTF_8);
    int code =
        run(args, System.getenv(), Path.of("").toAbsolutePath(), Clock.systemUTC(), out, err);
    System.exit(code);
  }

  /** Runs the command line and returns the exit code (0 ok, 1 a check failed, 2 usage/config). */
  public static int run(
      String[] args,
      Map<String, String> env,
      Path workDir,
      Clock clock,
      PrintStream out,
      PrintStream err) {
    CliEnvironment environment = new CliEnvironment(env, workDir, clock, System.in, out, err);
    RootCommand root = new RootCommand(environment);
    CommandLine cli = new CommandLine(root);
    Map<String, Supplier<Object>> commands = new LinkedHashMap<>();
    commands.put("doctor", () -> new DoctorCommand(root));
    commands.put("jobs", () -> new JobsCommand(root));
    commands.put("job", () -> new JobCommand(root));
    commands.put("batch", () -> new BatchCommand(root));
    commands.put("setup-ytdlp", () -> new SetupYtDlpCommand(root));
    commands.put("run", () -> new RunCommand(root));
    commands.put("worker", () -> new WorkerCommand(root));
    commands.put("fetch", () -> new FetchCommand(root));
    commands.put("inspect", () -> new InspectCommand(root::intake, out, environment.in()));
    commands.put("cds-training", TrainingCommand::new);
    // picocli reads every command's annotations when it is added, a tenth of a second of a short
    // command's start (docs/PERFORMANCE.md, "CLI start-up"): with a command named, only that one
    // is built; without one (help, a typo), all are, for the usage and the suggestions.
    Optional<String> named = commandNamed(args).filter(commands::containsKey);
    commands.forEach(
        (name, command) -> {
          if (named.isEmpty() || named.get().equals(name)) {
            cli.addSubcommand(name, command.get());
          }
        });
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new FailureHandler(err));
    return cli.execute(args);
  }

  /** The first word that is not an option of the root command: the command's name. */
  static Optional<String> commandNamed(String[] args) {
    for (int i = 0; i < args.length; i++) {
      if (args[i].equals("--config")) {
        i++;
      } else if (!args[i].startsWith("-")) {
        return Optional.of(args[i]);
      }
    }
    return Optional.empty();
  }
}
