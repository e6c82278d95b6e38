package archiver.testing;

import archiver.domain.ErrorType;
import archiver.domain.EventType;
import archiver.domain.JobStatus;
import archiver.domain.SourceType;
import archiver.storage.Database;
import java.time.Instant;

/**
 * Rows of {@code jobs} and {@code job_events} written straight into a test database, in any state,
 * for tests of what reads them (the operator page). Only the schema is assumed, not how the core
 * gets a job there.
 */
public final class StoredJobs {

  private final Database db;

  public StoredJobs(Database db) {
    this.db = db;
  }

  /** A job as the builder describes it; returns its id. */
  public long insert(Job job) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO jobs (url, normalized_url, media_id, source_type, job_type, requested_quality, status,"
                            + " retry_count, job_key, user_id, chat_id, created_at, updated_at, next_attempt_at, final_title,"
                            + " error_type, error_message, progress)"
                            + " VALUES (:url, :url, 'm', :source, 'VIDEO', '720p', :status, 0, :key, 1001, 1001, :at, :updated,"
                            + " :at, :title, :error, :message, :progress)")
                    .bind("url", job.url)
                    .bind("source", job.source.name())
                    .bind("status", job.status.name())
                    .bind("key", "key-" + System.nanoTime())
                    .bind("at", job.createdAt.toEpochMilli())
                    .bind("updated", job.updatedAt.toEpochMilli())
                    .bind("title", job.title)
                    .bind("error", job.error == null ? null : job.error.name())
                    .bind("message", job.error == null ? null : "failed: " + job.error.name())
                    .bind("progress", job.progress)
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
  }

  /**
   * {@code n} COMPLETED jobs in one statement (thousands of inserts one by one take seconds); the
   * last id.
   */
  public long manyCompleted(int n, Instant at) {
    return db.jdbi()
        .withHandle(
            h -> {
              h.createUpdate(
                      "WITH RECURSIVE k(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM k WHERE i < :n)"
                          + " INSERT INTO jobs (url, normalized_url, source_type, job_type, requested_quality, status,"
                          + " job_key, created_at, updated_at)"
                          + " SELECT 'https://media.example.org/' || i, 'https://media.example.org/' || i, 'GENERIC', 'VIDEO',"
                          + " '720p', 'COMPLETED', 'bulk-' || i, :at, :at FROM k")
                  .bind("n", n)
                  .bind("at", at.toEpochMilli())
                  .execute();
              return h.createQuery("SELECT MAX(id) FROM jobs").mapTo(Long.class).one();
            });
  }

  public long event(long jobId, EventType type, String dataJson, Instant at) {
    return db.jdbi()
        .withHandle(
            h ->
                h.createUpdate(
                        "INSERT INTO job_events (job_id, event_type, data, created_at) VALUES (:job, :type, :data, :at)")
                    .bind("job", jobId)
                    .bind("type", type.name())
                    .bind("data", dataJson)
                    .bind("at", at.toEpochMilli())
                    .executeAndReturnGeneratedKeys("id")
                    .mapTo(Long.class)
                    .one());
  }

  public static Job job(JobStatus status, Instant at) {
    return new Job(status, at);
  }

  /** A job to insert; every field has a plain default. */
  public static final class Job {
    private final JobStatus status;
    private final Instant createdAt;
    private Instant updatedAt;
    private SourceType source = SourceType.GENERIC;
    private String url = "https://media.example.org/clip.mp4";
    private String title;
    private ErrorType error;
    private String progress;

    private Job(JobStatus status, Instant at) {
      this.status = status;
      this.createdAt = at;
      this.updatedAt = at;
    }

    public Job source(SourceType s) {
      this.source = s;
      return this;
    }

    public Job url(String u) {
      this.url = u;
      return this;
    }

    public Job title(String t) {
      this.title = t;
      return this;
    }

    public Job failed(ErrorType e, Instant at) {
      this.error = e;
      this.updatedAt = at;
      return this;
    }

    public Job progress(String json) {
      this.progress = json;
      return this;
    }
  }
}
