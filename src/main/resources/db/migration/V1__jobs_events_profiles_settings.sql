-- Times are epoch milliseconds (UTC): they sort and compare as numbers.

CREATE TABLE jobs (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    url               TEXT    NOT NULL,
    normalized_url    TEXT    NOT NULL,
    media_id          TEXT,
    source_type       TEXT    NOT NULL CHECK (source_type IN ('YOUTUBE','FACEBOOK','ARCHIVE','TARIQ_ALLAH','GENERIC')),
    job_type          TEXT    NOT NULL CHECK (job_type IN ('VIDEO','AUDIO')),
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
    progress          TEXT
);

-- The scheduler: due PENDING jobs, oldest first.
CREATE INDEX jobs_status_due ON jobs (status, next_attempt_at, id);
-- De-duplication by job_key among active or delivered jobs.
CREATE INDEX jobs_key_status ON jobs (job_key, status);
-- Limits: active jobs per user, jobs per user / chat in the last hour.
CREATE INDEX jobs_user_created ON jobs (user_id, created_at);
CREATE INDEX jobs_chat_created ON jobs (chat_id, created_at);
CREATE INDEX jobs_user_status ON jobs (user_id, status);

CREATE TABLE job_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    job_id     INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    event_type TEXT    NOT NULL,
    data       TEXT    NOT NULL DEFAULT '{}',
    created_at INTEGER NOT NULL
);

CREATE INDEX job_events_job ON job_events (job_id, id);
-- /health: error counts of the last 24 hours.
CREATE INDEX job_events_type_created ON job_events (event_type, created_at);

CREATE TABLE auth_profiles (
    id                   TEXT    PRIMARY KEY,
    source_type          TEXT    NOT NULL,
    cookie_file_path     TEXT,
    status               TEXT    NOT NULL DEFAULT 'ACTIVE' CHECK (status IN ('ACTIVE','DEGRADED','DISABLED')),
    failure_count_recent INTEGER NOT NULL DEFAULT 0,
    last_success_at      INTEGER,
    last_failure_at      INTEGER,
    updated_at           INTEGER NOT NULL
);

CREATE TABLE chat_settings (
    chat_id          INTEGER PRIMARY KEY,
    archive_mode     INTEGER NOT NULL DEFAULT 0,
    default_job_type TEXT CHECK (default_job_type IS NULL OR default_job_type IN ('VIDEO','AUDIO')),
    default_quality  TEXT,
    language         TEXT,
    is_admin         INTEGER NOT NULL DEFAULT 0,
    updated_at       INTEGER NOT NULL
);
