package archiver.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * A command name that is part of the documented interface but whose capability has not landed yet:
 * it says so plainly instead of pretending to work.
 */
@Command(mixinStandardHelpOptions = true)
final class ReservedCommand implements Callable<Integer> {
  @Spec CommandSpec spec;

  @Parameters(arity = "0..*", hidden = true)
  java.util.List<String> ignored;

  private final String name;
  private final String arrivesWith;
  private final String description;

  ReservedCommand(String name, String description, String arrivesWith) {
    this.name = name;
    this.description = description;
    this.arrivesWith = arrivesWith;
  }

  String name() {
    return name;
  }

  @Override
  public Integer call() {
    spec.commandLine()
        .getErr()
        .println(
            "archiver " + name + ": not available in this version yet (" + description
                + " It arrives with " + arrivesWith + ".)");
    return FailureHandler.CONFIG_ERROR;
  }
}
