package archiver.storage;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jdbi.v3.core.statement.DefaultStatementBuilder;
import org.jdbi.v3.core.statement.StatementBuilder;
import org.jdbi.v3.core.statement.StatementContext;

/**
 * Keeps the prepared statements of the one connection for reuse. SQLite compiles a statement on
 * every prepare; for the wide job queries that costs more than running them. Used only while the
 * caller holds the database lock, so one thread at a time.
 */
final class StatementCache implements StatementBuilder {

  /** About the number of distinct SQL texts the repositories use, with room to spare. */
  static final int CAPACITY = 128;

  private final StatementBuilder plain = new DefaultStatementBuilder();

  /**
   * Statements handed out, with the SQL they were prepared from (Jdbi closes them by its own text).
   */
  private final Map<Statement, String> inUse = new IdentityHashMap<>();

  private final Map<String, PreparedStatement> idle =
      new LinkedHashMap<>(CAPACITY, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, PreparedStatement> eldest) {
          if (size() <= CAPACITY) {
            return false;
          }
          closeQuietly(eldest.getValue());
          return true;
        }
      };

  @Override
  public Statement create(Connection conn, StatementContext ctx) throws SQLException {
    return plain.create(conn, ctx);
  }

  @Override
  public PreparedStatement create(Connection conn, String sql, StatementContext ctx)
      throws SQLException {
    if (ctx.isReturningGeneratedKeys()) {
      return plain.create(conn, sql, ctx);
    }
    PreparedStatement cached = idle.remove(sql);
    PreparedStatement statement = cached != null ? cached : conn.prepareStatement(sql);
    inUse.put(statement, sql);
    return statement;
  }

  @Override
  public java.sql.CallableStatement createCall(Connection conn, String sql, StatementContext ctx)
      throws SQLException {
    return plain.createCall(conn, sql, ctx);
  }

  @Override
  public void close(Connection conn, String sql, Statement statement) throws SQLException {
    String prepared = inUse.remove(statement);
    if (prepared == null) {
      plain.close(conn, sql, statement);
      return;
    }
    if (statement instanceof PreparedStatement reusable
        && !idle.containsKey(prepared)
        && !reusable.isClosed()) {
      reusable.clearParameters();
      idle.put(prepared, reusable);
    } else {
      statement.close();
    }
  }

  /** Statements are kept beyond one handle: nothing to do when a handle closes. */
  @Override
  public void close(Connection conn) {}

  /** Closes every kept statement (before the connection closes). */
  void clear() {
    idle.values().forEach(StatementCache::closeQuietly);
    idle.clear();
  }

  private static void closeQuietly(Statement statement) {
    try {
      statement.close();
    } catch (SQLException ignored) {
      // The connection is going away or the statement is already unusable: nothing to keep.
    }
  }
}
