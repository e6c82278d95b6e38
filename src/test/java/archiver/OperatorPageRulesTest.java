package archiver;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.base.DescribedPredicate;
import com.tngtech.archunit.core.domain.JavaClass;
import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** docs/ARCHITECTURE.md, "Operator page": the page reads and never writes. */
class OperatorPageRulesTest {

  /** The storage calls the page's core services may make: reads only. */
  private static final Set<String> READS =
      Set.of(
          "Database.jobs",
          "Database.authProfiles",
          "JobRepository.countByStatus",
          "JobRepository.listActive",
          "JobRepository.countFailuresByTypeSince",
          "JobRepository.findById",
          "AuthProfileRepository.all");

  private static JavaClasses classes;

  @BeforeAll
  static void importClasses() {
    classes =
        new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("archiver");
  }

  private static boolean isPageService(JavaClass c) {
    String name = c.getName();
    return name.startsWith("archiver.core.operator.OperatorView")
        || name.startsWith("archiver.core.operator.JobTelemetry");
  }

  @Test
  @DisplayName("The page's core services call only reading methods of storage")
  void thePageServicesOnlyRead() {
    noClasses()
        .that(
            DescribedPredicate.describe(
                "are OperatorView or JobTelemetry", OperatorPageRulesTest::isPageService))
        .should()
        .callMethodWhere(
            DescribedPredicate.describe(
                "a storage method that is not a read",
                call ->
                    call.getTargetOwner().getPackageName().equals("archiver.storage")
                        && !call.getTargetOwner()
                            .getName()
                            .startsWith("archiver.storage.JobQueries")
                        && !READS.contains(
                            call.getTargetOwner().getSimpleName() + "." + call.getName())))
        .check(classes);
  }

  @Test
  @DisplayName("The page reaches the core only through OperatorView and JobTelemetry")
  void thePageUsesOnlyItsOwnServices() {
    noClasses()
        .that()
        .resideInAPackage("archiver.web..")
        .should()
        .dependOnClassesThat(
            DescribedPredicate.describe(
                "are core classes other than OperatorView and JobTelemetry",
                (JavaClass c) -> c.getPackageName().equals("archiver.core") && !isPageService(c)))
        .check(classes);
  }
}
