-- PostgreSQL's form of db/migration/V5 (see there for what each column means).
ALTER TABLE job_requesters ADD COLUMN language TEXT;
ALTER TABLE job_requesters ADD COLUMN status_message_id INTEGER;
ALTER TABLE job_requesters ADD COLUMN send_started_at BIGINT;
ALTER TABLE job_requesters ADD COLUMN message_id INTEGER;
ALTER TABLE job_requesters ADD COLUMN send_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_requesters ADD COLUMN next_send_at BIGINT;
ALTER TABLE job_requesters ADD COLUMN gave_up_at BIGINT;
ALTER TABLE job_requesters ADD COLUMN send_error TEXT;

CREATE INDEX job_requesters_waiting ON job_requesters (job_id, created_at)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;

ALTER TABLE jobs ADD COLUMN media TEXT;

CREATE TABLE handled_updates (
    update_id  BIGINT  NOT NULL,
    part       INTEGER NOT NULL,
    chat_id    BIGINT,
    handled_at BIGINT  NOT NULL,
    PRIMARY KEY (update_id, part)
);
CREATE INDEX handled_updates_at ON handled_updates (handled_at);
