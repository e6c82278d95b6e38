package archiver.storage;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/** Which database a handle talks to, for the few statements only one of them has. */
enum Dialect {
  SQLITE,
  POSTGRES;

  /** Asks the connection itself (through the pool's wrapper), without a round trip. */
  static Dialect of(Handle h) {
    try {
      return h.getConnection().isWrapperFor(org.postgresql.PGConnection.class) ? POSTGRES : SQLITE;
    } catch (SQLException e) {
      throw new StorageException("cannot tell which database this is: " + e.getMessage(), e);
    }
  }

  /** A top-level number of a JSON object held in a TEXT column, as SQL. */
  String jsonNumber(String column, String field) {
    return switch (this) {
      case SQLITE -> "json_extract(" + column + ", '$." + field + "')";
      case POSTGRES -> "CAST(CAST(" + column + " AS jsonb) ->> '" + field + "' AS BIGINT)";
    };
  }
}
