package archiver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * docs/ARCHITECTURE.md, "Layers": bot, web -> core -> download, storage -> config, logging ->
 * domain; never upwards.
 */
class ArchitectureTest {

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("archiver");
  }

  @Test
  @DisplayName("Layers depend only downwards; download and storage do not know each other")
  void layersDependOnlyDownwards() {
    layeredArchitecture()
        .consideringOnlyDependenciesInLayers()
        .withOptionalLayers(true)
        .layer("cli")
        .definedBy("archiver.cli..")
        .layer("bot")
        .definedBy("archiver.bot..")
        .layer("web")
        .definedBy("archiver.web..")
        .layer("core")
        .definedBy("archiver.core..")
        .layer("download")
        .definedBy("archiver.download..")
        .layer("storage")
        .definedBy("archiver.storage..")
        .layer("config")
        .definedBy("archiver.config..")
        .layer("logging")
        .definedBy("archiver.logging..")
        .layer("domain")
        .definedBy("archiver.domain..")
        .whereLayer("cli")
        .mayNotBeAccessedByAnyLayer()
        .whereLayer("bot")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("web")
        .mayOnlyBeAccessedByLayers("cli")
        .whereLayer("core")
        .mayOnlyBeAccessedByLayers("cli", "bot", "web")
        .whereLayer("download")
        .mayOnlyBeAccessedByLayers("cli", "core")
        .whereLayer("storage")
        .mayOnlyBeAccessedByLayers("cli", "core")
        .whereLayer("config")
        .mayOnlyBeAccessedByLayers("cli", "bot", "core", "download", "storage", "logging")
        .whereLayer("logging")
        .mayOnlyBeAccessedByLayers("cli", "bot", "core", "download", "storage")
        .check(classes);
  }

  @Test
  @DisplayName("The domain vocabulary depends on nothing else of ours")
  void domainIsTheBottom() {
    noClasses()
        .that()
        .resideInAPackage("archiver.domain..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage(
            "archiver.cli..",
            "archiver.bot..",
            "archiver.web..",
            "archiver.core..",
            "archiver.download..",
            "archiver.storage..",
            "archiver.config..",
            "archiver.logging..")
        .check(classes);
  }

  @Test
  @DisplayName("Only the state machine writes jobs.status")
  void onlyTheStateMachineChangesStatus() {
    // By name, so a changed signature cannot make this rule pass without checking anything.
    java.util.Set<String> statusWriters =
        java.util.Set.of("compareAndSetStatus", "claimDuePending");
    assertThat(
            java.util.Arrays.stream(archiver.storage.JobRepository.class.getMethods())
                .map(java.lang.reflect.Method::getName)
                .filter(statusWriters::contains)
                .distinct())
        .containsExactlyInAnyOrderElementsOf(statusWriters);
    noClasses()
        .that()
        .doNotHaveFullyQualifiedName("archiver.core.jobs.JobStateMachine")
        .should()
        .callMethodWhere(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "a JobRepository method that writes jobs.status",
                call ->
                    call.getTargetOwner().isEquivalentTo(archiver.storage.JobRepository.class)
                        && statusWriters.contains(call.getName())))
        .check(classes);
  }

  @Test
  @DisplayName("The bot changes a job's status only through typed transitions, never a bare one")
  void noBareStatusChangeInTheBot() {
    noClasses()
        .should()
        .callConstructorWhere(
            com.tngtech.archunit.base.DescribedPredicate.describe(
                "a JobTransition.StatusOnly",
                call ->
                    call.getTargetOwner()
                        .isEquivalentTo(archiver.core.jobs.JobTransition.StatusOnly.class)))
        .check(classes);
  }

  @Test
  @DisplayName("The core's features depend on each other in one direction only")
  void coreFeaturesHaveNoCycles() {
    com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices()
        .matching("archiver.core.(*)..")
        .should()
        .beFreeOfCycles()
        .check(classes);
  }

  @Test
  @DisplayName("SQL stays in storage: nothing else uses JDBC or Jdbi")
  void sqlStaysInStorage() {
    noClasses()
        .that()
        .resideOutsideOfPackage("archiver.storage..")
        .should()
        .dependOnClassesThat()
        .resideInAnyPackage("org.jdbi..", "java.sql..", "org.flywaydb..", "org.sqlite..")
        .check(classes);
  }
}
