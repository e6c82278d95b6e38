package archiver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.lang.ArchRule;
import com.tngtech.archunit.lang.EvaluationResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * One process runner: only {@code SystemProcessRunner} starts processes, so every tool run has its
 * timeout, its killed process tree and its bounded output (docs/ARCHITECTURE.md, "Decisions").
 */
class ProcessBoundaryRuleTest {

  static final String RUNNER = "archiver.download.process.SystemProcessRunner";

  static final ArchRule ONLY_THE_RUNNER_STARTS_PROCESSES =
      noClasses()
          .that()
          .doNotHaveFullyQualifiedName(RUNNER)
          .should()
          .callConstructor(ProcessBuilder.class, String[].class)
          .orShould()
          .callConstructor(ProcessBuilder.class, java.util.List.class)
          .orShould()
          .callMethod(Runtime.class, "exec", String.class)
          .orShould()
          .callMethod(Runtime.class, "exec", String[].class)
          .orShould()
          .callMethod(Runtime.class, "exec", String[].class, String[].class, java.io.File.class)
          .because("tool runs go through the process runner, which bounds their time and output");

  @Test
  @DisplayName("Only the process runner starts processes")
  void onlyTheRunnerStartsProcesses() {
    JavaClasses main =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("archiver");
    assertThat(main.contain(RUNNER)).as("the runner is where the rule says").isTrue();
    ONLY_THE_RUNNER_STARTS_PROCESSES.check(main);
  }

  /** A class that starts a process on its own, as the rule must catch. */
  static final class StartsItsOwnProcess {
    Process run() throws java.io.IOException {
      return new ProcessBuilder("yt-dlp", "--version").start();
    }
  }

  @Test
  @DisplayName("The rule fails on a class that starts a process itself")
  void theRuleCatchesADeliberateViolation() {
    JavaClasses violating = new ClassFileImporter().importClasses(StartsItsOwnProcess.class);

    EvaluationResult result = ONLY_THE_RUNNER_STARTS_PROCESSES.evaluate(violating);

    assertThat(result.hasViolation()).isTrue();
    assertThat(result.getFailureReport().getDetails())
        .anyMatch(d -> d.contains("StartsItsOwnProcess"));
  }
}
