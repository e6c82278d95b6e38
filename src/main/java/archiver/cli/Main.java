package archiver.cli;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;
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
    cli.addSubcommand(new DoctorCommand(root));
    cli.addSubcommand(new JobsCommand(root));
    cli.addSubcommand(new JobCommand(root));
    cli.addSubcommand(new RunCommand(root));
    cli.addSubcommand(new FetchCommand(root));
    cli.addSubcommand(new InspectCommand(root::intake, out, environment.in()));
    cli.setOut(new java.io.PrintWriter(out, true));
    cli.setErr(new java.io.PrintWriter(err, true));
    cli.setExecutionExceptionHandler(new FailureHandler(err));
    return cli.execute(args);
  }
}
