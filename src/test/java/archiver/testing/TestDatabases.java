package archiver.testing;

import archiver.storage.Database;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

/**
 * A new, empty, migrated database for a test, on the backend named by the system property {@value
 * #BACKEND_PROPERTY}: {@code sqlite} (the default, a file in the test's folder) or {@code postgres}
 * (a schema of its own in the tests' PostgreSQL, see {@link TestPostgres}), so that the same tests
 * specify both backends.
 */
public final class TestDatabases {

  public static final String BACKEND_PROPERTY = "archiver.test.backend";

  private TestDatabases() {}

  public static boolean postgres() {
    return "postgres"
        .equals(System.getProperty(BACKEND_PROPERTY, "sqlite").toLowerCase(Locale.ROOT));
  }

  public static Database fresh(Path dir) {
    return postgres()
        ? Database.openPostgres(freshSchemaUrl(), null)
        : Database.open(dir.resolve("jobs.db"));
  }

  /**
   * A URL whose connections use a schema nobody else uses: Flyway migrates it from nothing and
   * every statement's unqualified names resolve in it, so tests never see each other's rows.
   */
  public static String freshSchemaUrl() {
    String base = TestPostgres.url();
    String schema = "t_" + UUID.randomUUID().toString().replace("-", "");
    try (Connection c = DriverManager.getConnection(base);
        Statement st = c.createStatement()) {
      st.execute("CREATE SCHEMA " + schema);
    } catch (SQLException e) {
      throw new IllegalStateException(
          "cannot create a schema in the tests' PostgreSQL at "
              + base
              + " (is scripts/test-postgres running?): "
              + e.getMessage(),
          e);
    }
    return base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
  }
}
