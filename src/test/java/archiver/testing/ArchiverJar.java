package archiver.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/** Runs the built {@code target/archiver.jar} as a separate process, as an operator would. */
public final class ArchiverJar {

  /** How the process ended and what it printed. */
  public record Run(int exitCode, String stdout, String stderr) {
    public String all() {
      return stdout + stderr;
    }
  }

  private final Path jar;
  private final Path workDir;
  private final Map<String, String> env;

  public ArchiverJar(Path workDir, Map<String, String> extraEnv) {
    this.jar = Path.of(System.getProperty("archiver.jar", "target/archiver.jar")).toAbsolutePath();
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run the ITs through 'mvnw verify'");
    }
    this.workDir = workDir;
    this.env = extraEnv;
  }

  public static String javaBinary() {
    return ProcessHandle.current().info().command().orElse("java");
  }

  /** Starts the jar without waiting; its output goes to {@code out}. The caller ends it. */
  public Process start(Path out, String... args) throws IOException {
    ProcessBuilder pb = builder(args);
    pb.redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(out.toFile()));
    return pb.start();
  }

  private ProcessBuilder builder(String... args) {
    List<String> command = new ArrayList<>();
    command.add(javaBinary());
    command.add("--enable-native-access=ALL-UNNAMED");
    command.add("-XX:+UseSerialGC");
    command.add("-jar");
    command.add(jar.toString());
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().remove("TELEGRAM_BOT_TOKEN");
    pb.environment().remove("ARCHIVER_CONFIG");
    pb.environment().put("LC_ALL", "C.UTF-8");
    pb.environment().putAll(env);
    return pb;
  }

  public Run run(String... args) throws IOException, InterruptedException {
    return runWithInput(null, args);
  }

  /** Runs the jar and kills it (and fails) when it has not ended within {@code timeout}. */
  public Run runWithin(Duration timeout, String... args) throws IOException, InterruptedException {
    return execute(null, timeout, args);
  }

  /** Runs the jar with {@code stdin} (a file) as its standard input; null for none. */
  public Run runWithInput(Path stdin, String... args) throws IOException, InterruptedException {
    return execute(stdin, Duration.ofSeconds(120), args);
  }

  private Run execute(Path stdin, Duration timeout, String... args)
      throws IOException, InterruptedException {
    ProcessBuilder pb = builder(args);
    if (stdin != null) {
      pb.redirectInput(stdin.toFile());
    }
    Path out = Files.createTempFile(workDir, "stdout", ".txt");
    Path err = Files.createTempFile(workDir, "stderr", ".txt");
    pb.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process p = pb.start();
    if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException(
          "archiver " + String.join(" ", args) + " did not end within " + timeout);
    }
    return new Run(
        p.exitValue(),
        Files.readString(out, StandardCharsets.UTF_8),
        Files.readString(err, StandardCharsets.UTF_8));
  }
}
