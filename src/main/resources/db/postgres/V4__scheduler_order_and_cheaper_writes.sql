-- PostgreSQL's form of db/migration/V4. SQLite rebuilt job_events there to drop AUTOINCREMENT
-- (a write to sqlite_sequence per event); an identity column has no such cost, so only the due
-- times and the job_key index change here.
UPDATE jobs SET next_attempt_at = created_at WHERE next_attempt_at IS NULL;

DROP INDEX jobs_key_status;
CREATE INDEX jobs_key ON jobs (job_key);
