-- PostgreSQL's form of db/migration/V6: media sent in parts.
CREATE TABLE job_parts (
    job_id           BIGINT  NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    part             INTEGER NOT NULL CHECK (part >= 1),
    telegram_file_id TEXT,
    PRIMARY KEY (job_id, part)
);

ALTER TABLE jobs ADD COLUMN part_count INTEGER NOT NULL DEFAULT 1 CHECK (part_count >= 1);
ALTER TABLE job_requesters ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
