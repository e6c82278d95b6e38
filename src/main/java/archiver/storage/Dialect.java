package archiver.storage;

import java.sql.SQLException;
import org.jdbi.v3.core.Handle;

/**
 * The SQL dialect of a connection, for the few statements that differ (row locks, advisory locks,
 * PRAGMAs); everything else is written once for both.
 */
enum Dialect {
  SQLITE,
  POSTGRES;

  static Dialect of(Handle h) {
    try {
      String product = h.getConnection().getMetaData().getDatabaseProductName();
      return product != null && product.toLowerCase(java.util.Locale.ROOT).contains("postgres")
          ? POSTGRES
          : SQLITE;
    } catch (SQLException e) {
      throw new StorageException("cannot tell the database's dialect: " + e.getMessage(), e);
    }
  }
}
