package archiver.storage;

import static org.assertj.core.api.Assertions.assertThat;

import archiver.config.StorageBackend;
import archiver.testing.TestDatabases;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * db/postgres is the same schema history as db/migration, written for PostgreSQL: the same versions
 * and descriptions, and at the end the same tables with the same columns.
 */
@DisplayName("PostgreSQL migrations")
class PostgresMigrationTest {

  @TempDir Path dir;

  private Database sqlite;
  private Database postgres;

  @BeforeEach
  void open() {
    sqlite = Database.open(dir.resolve("reference.db"));
    postgres = Database.openPostgres(TestDatabases.freshSchemaUrl(), null);
  }

  @AfterEach
  void close() {
    sqlite.close();
    postgres.close();
  }

  @Test
  void anEmptyDatabaseIsMigratedToTheLatestSchema() {
    assertThat(postgres.backend()).isEqualTo(StorageBackend.POSTGRES);
    assertThat(postgres.schemaVersion()).isEqualTo(String.valueOf(Database.LATEST_SCHEMA));
  }

  @Test
  void bothBackendsRecordTheSameHistoryOfVersionsAndDescriptions() {
    String history =
        "SELECT version, description FROM flyway_schema_history WHERE version IS NOT NULL"
            + " ORDER BY installed_rank";
    List<String> onSqlite = versions(sqlite, history);
    List<String> onPostgres = versions(postgres, history);

    assertThat(onPostgres).hasSize(Database.LATEST_SCHEMA).isEqualTo(onSqlite);
    int failed =
        postgres
            .jdbi()
            .withHandle(
                h ->
                    h.createQuery("SELECT COUNT(*) FROM flyway_schema_history WHERE NOT success")
                        .mapTo(Integer.class)
                        .one());
    assertThat(failed).as("failed migrations").isZero();
  }

  @Test
  void everyTableAndColumnOfSqliteExistsOnPostgresWithACompatibleType() {
    Map<String, String> onSqlite = sqliteColumns();
    Map<String, String> onPostgres = postgresColumns();

    assertThat(onPostgres.keySet()).containsExactlyInAnyOrderElementsOf(onSqlite.keySet());
    onSqlite.forEach(
        (column, sqliteType) ->
            assertThat(onPostgres.get(column))
                .as(column + " (SQLite: " + sqliteType + ")")
                .isIn(compatible(sqliteType)));
  }

  /** SQLite's INTEGER is 64 bits, so BIGINT holds all of it; INTEGER where values are small. */
  private static List<String> compatible(String sqliteDeclared) {
    return switch (sqliteDeclared) {
      case "INTEGER NOT NULL", "INTEGER NOT NULL PK" ->
          List.of("integer NOT NULL", "bigint NOT NULL");
      case "INTEGER" -> List.of("integer", "bigint");
      case "TEXT" -> List.of("text");
      case "TEXT NOT NULL", "TEXT NOT NULL PK" -> List.of("text NOT NULL");
      default -> List.of("(no PostgreSQL type for " + sqliteDeclared + ")");
    };
  }

  /** table.column -> "TYPE[ NOT NULL]", primary keys as NOT NULL (they are on PostgreSQL). */
  private Map<String, String> sqliteColumns() {
    return sqlite
        .jdbi()
        .withHandle(
            h -> {
              Map<String, String> columns = new TreeMap<>();
              List<String> tables =
                  h.createQuery(
                          "SELECT name FROM sqlite_master WHERE type = 'table'"
                              + " AND name NOT LIKE 'sqlite_%' AND name != 'flyway_schema_history'")
                      .mapTo(String.class)
                      .list();
              for (String table : tables) {
                h.createQuery("SELECT name, type, \"notnull\", pk FROM pragma_table_info(:t)")
                    .bind("t", table)
                    .map(
                        (rs, ctx) ->
                            Map.entry(
                                table + "." + rs.getString("name"),
                                rs.getString("type")
                                    + (rs.getInt("notnull") == 1 || rs.getInt("pk") > 0
                                        ? " NOT NULL"
                                        : "")))
                    .forEach(e -> columns.put(e.getKey(), e.getValue()));
              }
              return columns;
            });
  }

  private Map<String, String> postgresColumns() {
    return postgres
        .jdbi()
        .withHandle(
            h -> {
              Map<String, String> columns = new TreeMap<>();
              h.createQuery(
                      "SELECT table_name, column_name, data_type, is_nullable"
                          + " FROM information_schema.columns WHERE table_schema = current_schema()"
                          + " AND table_name != 'flyway_schema_history'")
                  .map(
                      (rs, ctx) ->
                          Map.entry(
                              rs.getString("table_name") + "." + rs.getString("column_name"),
                              rs.getString("data_type")
                                  + ("NO".equals(rs.getString("is_nullable")) ? " NOT NULL" : "")))
                  .forEach(e -> columns.put(e.getKey(), e.getValue()));
              return columns;
            });
  }

  private static List<String> versions(Database db, String sql) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createQuery(sql)
                    .map((rs, ctx) -> rs.getString("version") + " " + rs.getString("description"))
                    .list());
  }
}
