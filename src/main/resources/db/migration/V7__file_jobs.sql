-- A user may ask for the original file, sent as a document: job type FILE, in jobs and as a chat's
-- default. SQLite cannot change a CHECK constraint in place, so both tables are rebuilt
-- (https://www.sqlite.org/lang_altertable.html#otheralter, the twelve steps). jobs is the parent
-- of job_events, job_requesters, handled_updates and job_parts (ON DELETE CASCADE): with foreign
-- keys on, dropping it would delete every child row, so this script runs outside Flyway's
-- transaction (V7__file_jobs.sql.conf) with foreign keys off around its own transaction.
-- Run again after a crash before Flyway recorded it, it does the same again: no step depends on
-- having run before.
PRAGMA foreign_keys = OFF;

SAVEPOINT v7;

-- Ids are never given twice, not even those of jobs the cleanup deleted: keep the counter.
CREATE TEMP TABLE v7_sequence AS SELECT seq FROM sqlite_sequence WHERE name = 'jobs';

CREATE TABLE jobs_v7 (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    url               TEXT    NOT NULL,
    normalized_url    TEXT    NOT NULL,
    media_id          TEXT,
    source_type       TEXT    NOT NULL CHECK (source_type IN ('YOUTUBE','FACEBOOK','ARCHIVE','TARIQ_ALLAH','GENERIC')),
    job_type          TEXT    NOT NULL CHECK (job_type IN ('VIDEO','AUDIO','FILE')),
    requested_quality TEXT    NOT NULL,
    status            TEXT    NOT NULL CHECK (status IN ('PENDING','QUEUED','RUNNING','COMPLETED','FAILED')),
    retry_count       INTEGER NOT NULL DEFAULT 0 CHECK (retry_count >= 0),
    job_key           TEXT    NOT NULL,
    auth_profile_id   TEXT,
    user_id           INTEGER,
    chat_id           INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    next_attempt_at   INTEGER,
    started_at        INTEGER,
    final_title       TEXT,
    file_path         TEXT,
    file_size_bytes   INTEGER,
    archived          INTEGER NOT NULL DEFAULT 0,
    telegram_file_id  TEXT,
    error_type        TEXT,
    error_message     TEXT,
    http_status       INTEGER,
    progress          TEXT,
    media             TEXT,
    part_count        INTEGER NOT NULL DEFAULT 1 CHECK (part_count >= 1)
);
INSERT INTO jobs_v7 (
    id, url, normalized_url, media_id, source_type, job_type, requested_quality, status, retry_count,
    job_key, auth_profile_id, user_id, chat_id, created_at, updated_at, next_attempt_at, started_at,
    final_title, file_path, file_size_bytes, archived, telegram_file_id, error_type, error_message,
    http_status, progress, media, part_count)
  SELECT
    id, url, normalized_url, media_id, source_type, job_type, requested_quality, status, retry_count,
    job_key, auth_profile_id, user_id, chat_id, created_at, updated_at, next_attempt_at, started_at,
    final_title, file_path, file_size_bytes, archived, telegram_file_id, error_type, error_message,
    http_status, progress, media, part_count
  FROM jobs;
DROP TABLE jobs;
ALTER TABLE jobs_v7 RENAME TO jobs;
CREATE INDEX jobs_status_due ON jobs (status, next_attempt_at, id);
CREATE INDEX jobs_user_created ON jobs (user_id, created_at);
CREATE INDEX jobs_chat_created ON jobs (chat_id, created_at);
CREATE INDEX jobs_user_status ON jobs (user_id, status);
CREATE INDEX jobs_key ON jobs (job_key);
INSERT INTO sqlite_sequence (name, seq)
  SELECT 'jobs', seq FROM v7_sequence WHERE NOT EXISTS (SELECT 1 FROM sqlite_sequence WHERE name = 'jobs');
UPDATE sqlite_sequence SET seq = (SELECT seq FROM v7_sequence)
  WHERE name = 'jobs' AND seq < (SELECT seq FROM v7_sequence);
DROP TABLE v7_sequence;

CREATE TABLE chat_settings_v7 (
    chat_id          INTEGER PRIMARY KEY,
    archive_mode     INTEGER NOT NULL DEFAULT 0,
    default_job_type TEXT CHECK (default_job_type IS NULL OR default_job_type IN ('VIDEO','AUDIO','FILE')),
    default_quality  TEXT,
    language         TEXT,
    is_admin         INTEGER NOT NULL DEFAULT 0,
    updated_at       INTEGER NOT NULL
);
INSERT INTO chat_settings_v7 (chat_id, archive_mode, default_job_type, default_quality, language, is_admin, updated_at)
  SELECT chat_id, archive_mode, default_job_type, default_quality, language, is_admin, updated_at FROM chat_settings;
DROP TABLE chat_settings;
ALTER TABLE chat_settings_v7 RENAME TO chat_settings;

RELEASE v7;

PRAGMA foreign_keys = ON;
