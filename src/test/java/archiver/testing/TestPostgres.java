package archiver.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Where the tests' PostgreSQL is: {@code ARCHIVER_TEST_PG_URL}, else the URL {@code
 * scripts/test-postgres} wrote. A run asked to test PostgreSQL fails without one, never skips: a
 * green run must mean the tests ran.
 */
public final class TestPostgres {

  public static final String URL_VARIABLE = "ARCHIVER_TEST_PG_URL";

  /** Where scripts/test-postgres writes the URL (target/), and beside its cluster. */
  private static final List<Path> URL_FILES =
      List.of(Path.of("target/test-postgres.url"), Path.of("/tmp/archiver-test-pg/url"));

  private TestPostgres() {}

  /**
   * A JDBC URL such as {@code jdbc:postgresql://127.0.0.1:5432/archiver_test?user=archiver_test}.
   */
  public static String url() {
    String fromEnv = System.getenv(URL_VARIABLE);
    if (fromEnv != null && !fromEnv.isBlank()) {
      return fromEnv.trim();
    }
    for (Path file : URL_FILES) {
      if (Files.isRegularFile(file)) {
        try {
          String url = Files.readString(file).trim();
          if (!url.isEmpty()) {
            return url;
          }
        } catch (IOException e) {
          throw new IllegalStateException("cannot read " + file + ": " + e.getMessage(), e);
        }
      }
    }
    throw new IllegalStateException(
        "no PostgreSQL for the tests: run scripts/test-postgres first (it needs PostgreSQL's"
            + " server binaries, Debian package postgresql), or set "
            + URL_VARIABLE
            + " to a JDBC URL");
  }
}
