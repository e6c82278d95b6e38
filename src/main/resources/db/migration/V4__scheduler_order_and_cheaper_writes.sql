-- The scheduler walks jobs_status_due (status, next_attempt_at, id) in order and stops at the
-- first rows it can start, instead of reading every waiting job to sort them by id. That needs a
-- due time on every row: new rows get their creation time; make sure older rows have one too.
UPDATE jobs SET next_attempt_at = created_at WHERE next_attempt_at IS NULL;

-- Event ids only order a job's timeline, and rows are only ever added, so a plain rowid key
-- orders them as well as AUTOINCREMENT did, without a write to sqlite_sequence on every event.
CREATE TABLE job_events_v4 (
    id         INTEGER PRIMARY KEY,
    job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    event_type TEXT    NOT NULL,
    data       TEXT    NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);
INSERT INTO job_events_v4 (id, job_id, event_type, data, created_at)
    SELECT id, job_id, event_type, data, created_at FROM job_events;
DROP TABLE job_events;
ALTER TABLE job_events_v4 RENAME TO job_events;
CREATE INDEX job_events_job ON job_events (job_id, id);
DELETE FROM sqlite_sequence WHERE name = 'job_events';

-- De-duplication looks jobs up by key among a handful of rows; with status in the index every
-- status change rewrote an entry of it.
DROP INDEX jobs_key_status;
CREATE INDEX jobs_key ON jobs (job_key);
