-- Several processes may share one queue on PostgreSQL: docs/ARCHITECTURE.md, "Processes and leases".
-- Each running bot or worker process has a row here and renews heartbeat_at every few
-- seconds; a job it took is leased to it (jobs.owner) for as long as it keeps renewing. Recovery
-- takes over only jobs whose owner stopped renewing. On SQLite one process runs at a time (the
-- instance lock), so every owner but the process starting is gone.
--   role: RUN (polls Telegram, submits, may work) or WORKER (only works).
CREATE TABLE processes (
    id                TEXT    PRIMARY KEY,
    role              TEXT    NOT NULL CHECK (role IN ('RUN','WORKER')),
    host              TEXT    NOT NULL,
    pid               BIGINT  NOT NULL,
    max_parallel_jobs INTEGER NOT NULL,
    started_at        BIGINT  NOT NULL,
    heartbeat_at      BIGINT  NOT NULL
);

-- The process a QUEUED or RUNNING job is leased to (kept afterwards: who worked on it).
ALTER TABLE jobs ADD COLUMN owner TEXT;
-- A user's /cancel of a job running in another process: its owner sees it at its next heartbeat.
ALTER TABLE jobs ADD COLUMN cancel_requested_by TEXT;
ALTER TABLE jobs ADD COLUMN cancel_by_admin INTEGER NOT NULL DEFAULT 0;
CREATE INDEX jobs_owner_active ON jobs (owner) WHERE status IN ('QUEUED','RUNNING');
-- The process a send in flight belongs to: a crash marks only its own sends in doubt.
ALTER TABLE job_requesters ADD COLUMN send_owner TEXT;
