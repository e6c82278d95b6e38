package archiver.cli;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/** What a command may touch of the outside world; tests pass their own. */
record CliEnvironment(
    Map<String, String> env,
    Path workDir,
    Clock clock,
    java.io.InputStream in,
    PrintStream out,
    PrintStream err) {}
