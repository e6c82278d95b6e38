package archiver.storage;

import org.jdbi.v3.core.Handle;

/**
 * Makes a read-then-write transaction as serial on PostgreSQL as it is on SQLite. SQLite has one
 * connection and takes the write lock at BEGIN, so such transactions never overlap; PostgreSQL's
 * pool runs them side by side at READ COMMITTED, where two submissions of the same link would both
 * read "no such job" and both insert one. A transaction-scoped advisory lock, one key per purpose,
 * queues them instead; it is given back at commit or rollback.
 */
enum Serial {
  /**
   * A submission: de-duplication by job_key, the queue and per-user limits, then the insert ({@link
   * JobRepository#submitting}).
   */
  SUBMISSION(0x61726368_00000001L),
  /**
   * A pick of due jobs ({@link JobRepository#claimDuePending}): the per-source counts it reads stay
   * true until it commits, in every process sharing the queue.
   */
  PICK(0x61726368_00000002L);

  private final long key;

  Serial(long key) {
    this.key = key;
  }

  /** Waits for any other transaction holding this purpose's lock; nothing to do on SQLite. */
  void take(Handle h) {
    if (Dialect.of(h) == Dialect.POSTGRES) {
      h.createQuery("SELECT pg_advisory_xact_lock(:key)").bind("key", key).mapToMap().one();
    }
  }
}
