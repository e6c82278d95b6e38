-- Each requester's delivery is committed as it happens (not once the last chat is served), so a
-- crash re-sends only to chats that were not served yet.
--   language / status_message_id: the chat's status message survives a restart (edited again,
--     removed when the media arrives).
--   send_started_at: a send is in flight; still set at start-up means it may have arrived.
--   message_id: the media message the chat received.
--   send_attempts / next_send_at: a failed send to one chat is retried on its own, later.
--   gave_up_at / send_error: the chat cannot be served (blocked the bot, retries used up).
ALTER TABLE job_requesters ADD COLUMN language TEXT;
ALTER TABLE job_requesters ADD COLUMN status_message_id INTEGER;
ALTER TABLE job_requesters ADD COLUMN send_started_at INTEGER;
ALTER TABLE job_requesters ADD COLUMN message_id INTEGER;
ALTER TABLE job_requesters ADD COLUMN send_attempts INTEGER NOT NULL DEFAULT 0;
ALTER TABLE job_requesters ADD COLUMN next_send_at INTEGER;
ALTER TABLE job_requesters ADD COLUMN gave_up_at INTEGER;
ALTER TABLE job_requesters ADD COLUMN send_error TEXT;

-- The fan-out loop reads the chats still waiting; they are few beside the delivered ones.
CREATE INDEX job_requesters_waiting ON job_requesters (job_id, created_at)
    WHERE delivered_at IS NULL AND gave_up_at IS NULL;

-- What the produced file is (duration, size, picture, title, ...) as JSON, so a retry after a
-- failed upload sends the same file again without downloading or converting it twice.
ALTER TABLE jobs ADD COLUMN media TEXT;

-- Each Telegram update is handled at most once: its effects (a job, a reply) are recorded here,
-- a job in the same transaction as its row. Telegram re-sends updates whose offset was not
-- confirmed, e.g. after a crash. part numbers the effects of one update in order.
CREATE TABLE handled_updates (
    update_id  INTEGER NOT NULL,
    part       INTEGER NOT NULL,
    chat_id    INTEGER,
    handled_at INTEGER NOT NULL,
    PRIMARY KEY (update_id, part)
) WITHOUT ROWID;
CREATE INDEX handled_updates_at ON handled_updates (handled_at);
