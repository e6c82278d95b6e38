-- Long media are sent in parts (each within Telegram's upload limit). Every part is a delivery of
-- its own: Telegram's file_id per part, and per chat how many parts (in order) it has received,
-- so a crash resumes with the parts not yet sent and a repeat request re-sends every part by
-- file_id. A job with one file has one part.
CREATE TABLE job_parts (
    job_id           INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    part             INTEGER NOT NULL CHECK (part >= 1),
    telegram_file_id TEXT,
    PRIMARY KEY (job_id, part)
) WITHOUT ROWID;

ALTER TABLE jobs ADD COLUMN part_count INTEGER NOT NULL DEFAULT 1 CHECK (part_count >= 1);
ALTER TABLE job_requesters ADD COLUMN parts_sent INTEGER NOT NULL DEFAULT 0;
