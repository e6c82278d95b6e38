package archiver.storage;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.sqlite.SQLiteConfig;

/**
 * What this machine's SQLite can do at best for the writes of one job: the five write transactions
 * a completed job needs (created; queued; running; output; completed, with their events), on the
 * real schema and settings, with plain JDBC, prepared statements kept, one thread, no reads. The
 * orchestration cannot be faster than this. Run by {@code bench/sqlite-write-floor.sh}; not a test.
 */
public final class SqliteWriteFloor {

  public static void main(String[] args) throws Exception {
    int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 4000;
    for (SQLiteConfig.SynchronousMode mode :
        new SQLiteConfig.SynchronousMode[] {
          SQLiteConfig.SynchronousMode.NORMAL, SQLiteConfig.SynchronousMode.OFF
        }) {
      Path file = Files.createTempDirectory("sqlite-floor").resolve("floor.db");
      Database.open(file).close(); // the real schema, migrated
      SQLiteConfig config = new SQLiteConfig();
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(mode);
      config.enforceForeignKeys(true);
      config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
      try (Connection c = config.createConnection("jdbc:sqlite:" + file)) {
        Writes writes = new Writes(c);
        for (int round = 0; round < 3; round++) {
          long t0 = System.nanoTime();
          for (int i = 0; i < jobs; i++) {
            writes.job(round * jobs + i);
          }
          double seconds = (System.nanoTime() - t0) / 1e9;
          System.out.printf(
              "synchronous=%s, round %d: %d jobs in %.2f s = %.0f jobs/s%n",
              mode, round + 1, jobs, seconds, jobs / seconds);
        }
      }
    }
  }

  /** The statements of one job's life, prepared once. */
  private static final class Writes {
    private final Connection c;
    private final PreparedStatement insert;
    private final PreparedStatement event;
    private final PreparedStatement requester;
    private final PreparedStatement status;
    private final PreparedStatement output;

    Writes(Connection c) throws SQLException {
      this.c = c;
      c.setAutoCommit(false);
      insert =
          c.prepareStatement(
              "INSERT INTO jobs (url, normalized_url, source_type, job_type, requested_quality, status,"
                  + " retry_count, job_key, user_id, chat_id, created_at, updated_at, next_attempt_at)"
                  + " VALUES (?, ?, 'GENERIC', 'VIDEO', '720', 'PENDING', 0, ?, ?, ?, ?, ?, ?) RETURNING id");
      event =
          c.prepareStatement(
              "INSERT INTO job_events (job_id, event_type, data, created_at) VALUES (?, ?, ?, ?)");
      requester =
          c.prepareStatement(
              "INSERT INTO job_requesters (job_id, chat_id, user_id, created_at) VALUES (?, ?, ?, ?)");
      status =
          c.prepareStatement(
              "UPDATE jobs SET status = ?, updated_at = ? WHERE id = ? AND status = ?");
      output =
          c.prepareStatement(
              "UPDATE jobs SET final_title = 't', file_path = ?, file_size_bytes = 1, updated_at = ? WHERE id = ?");
    }

    void job(int n) throws SQLException {
      String url = "https://media.example.org/f" + n + ".mp3";
      long now = System.currentTimeMillis();
      insert.setString(1, url);
      insert.setString(2, url);
      insert.setString(3, "GENERIC:" + url + ":VIDEO:720");
      insert.setLong(4, n % 50);
      insert.setLong(5, n % 50);
      insert.setLong(6, now);
      insert.setLong(7, now);
      insert.setLong(8, now);
      long id;
      try (ResultSet rs = insert.executeQuery()) {
        rs.next();
        id = rs.getLong(1);
      }
      event(id, "JOB_CREATED", "{\"url\":\"" + url + "\",\"normalized_url\":\"" + url + "\"}");
      requester.setLong(1, id);
      requester.setLong(2, n % 50);
      requester.setLong(3, n % 50);
      requester.setLong(4, now);
      requester.executeUpdate();
      c.commit();
      status(id, "PENDING", "QUEUED");
      c.commit();
      status(id, "QUEUED", "RUNNING");
      event(id, "WORKER_ASSIGNED", "{\"worker\":\"worker-1\"}");
      c.commit();
      output.setString(1, "/data/tmp/job-" + id + "/out/m.mp4");
      output.setLong(2, now);
      output.setLong(3, id);
      output.executeUpdate();
      event(id, "TELEGRAM_SEND_STARTED", "{\"size_bytes\":1}");
      c.commit();
      event(id, "TELEGRAM_SEND_FINISHED", "{\"recipients\":0}");
      status(id, "RUNNING", "COMPLETED");
      event(
          id,
          "JOB_COMPLETED",
          "{\"file_path\":\"/data/tmp/m.mp4\",\"size_bytes\":1,\"archived\":false}");
      c.commit();
    }

    private void status(long id, String from, String to) throws SQLException {
      status.setString(1, to);
      status.setLong(2, System.currentTimeMillis());
      status.setLong(3, id);
      status.setString(4, from);
      status.executeUpdate();
      event(id, "STATUS_CHANGED", "{\"from\":\"" + from + "\",\"to\":\"" + to + "\"}");
    }

    private void event(long id, String type, String data) throws SQLException {
      event.setLong(1, id);
      event.setString(2, type);
      event.setString(3, data);
      event.setLong(4, System.currentTimeMillis());
      event.executeUpdate();
    }
  }
}
