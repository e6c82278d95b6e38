package archiver.testing;

import archiver.storage.Database;
import java.nio.file.Path;

/** A new, empty, migrated database for one test. */
public final class TestDatabases {

  private TestDatabases() {}

  public static Database fresh(Path dir) {
    return Database.open(dir.resolve("jobs.db"));
  }
}
