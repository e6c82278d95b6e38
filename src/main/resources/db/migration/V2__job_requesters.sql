-- Everyone who asked for a job: its creator and the chats attached to it by de-duplication.
-- Each is answered when the job ends; delivered_at marks who already got the media.
CREATE TABLE job_requesters (
    job_id       INTEGER NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    chat_id      INTEGER NOT NULL,
    user_id      INTEGER,
    created_at   INTEGER NOT NULL,
    delivered_at INTEGER,
    PRIMARY KEY (job_id, chat_id)
);
