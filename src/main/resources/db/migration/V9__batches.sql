-- A playlist asked for in one go: one batch, its items in playlist order, each item an ordinary
-- job once its turn comes (docs/ARCHITECTURE.md, "Playlists"). Items run one at a time, so a
-- batch holds at most one place in the queue and never shuts out other users.
--   status: RUNNING until every item is SENT, FAILED or CANCELLED; then FINISHED or CANCELLED.
--   status_message_id: the one message in the chat that says how far the batch is.
--   more: the playlist had more items than sources.max_playlist_items; the first ones were taken.
CREATE TABLE batches (
    id                INTEGER PRIMARY KEY AUTOINCREMENT,
    url               TEXT    NOT NULL,
    playlist_id       TEXT,
    title             TEXT,
    job_type          TEXT    NOT NULL,
    requested_quality TEXT    NOT NULL,
    user_id           INTEGER,
    chat_id           INTEGER NOT NULL,
    language          TEXT,
    item_count        INTEGER NOT NULL CHECK (item_count > 0),
    more              INTEGER NOT NULL DEFAULT 0,
    status            TEXT    NOT NULL CHECK (status IN ('RUNNING','FINISHED','CANCELLED')),
    status_message_id INTEGER,
    created_at        INTEGER NOT NULL,
    updated_at        INTEGER NOT NULL,
    finished_at       INTEGER
);
CREATE INDEX batches_running ON batches (status, id) WHERE status = 'RUNNING';
CREATE INDEX batches_user ON batches (user_id, status);

--   state: WAITING (its turn has not come), RUNNING (job_id is the job), SENT, FAILED, CANCELLED.
--   job_id: kept when the job is pruned from the history (SET NULL), so the item stays readable.
CREATE TABLE batch_items (
    batch_id INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    position INTEGER NOT NULL CHECK (position > 0),
    url      TEXT    NOT NULL,
    title    TEXT,
    state    TEXT    NOT NULL CHECK (state IN ('WAITING','RUNNING','SENT','FAILED','CANCELLED')),
    job_id   INTEGER REFERENCES jobs (id) ON DELETE SET NULL,
    error    TEXT,
    PRIMARY KEY (batch_id, position)
) WITHOUT ROWID;
CREATE INDEX batch_items_job ON batch_items (job_id) WHERE job_id IS NOT NULL;

-- A batch's own timeline (BATCH_CREATED, BATCH_FINISHED); its items' timelines are their jobs'.
CREATE TABLE batch_events (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    batch_id   INTEGER NOT NULL REFERENCES batches (id) ON DELETE CASCADE,
    event_type TEXT    NOT NULL,
    data       TEXT    NOT NULL,
    created_at INTEGER NOT NULL
);
CREATE INDEX batch_events_batch ON batch_events (batch_id, id);

-- The job a batch made for one of its items: such jobs count against the batch (one running
-- batch per user), not against the user's own limits on single links.
ALTER TABLE jobs ADD COLUMN batch_id INTEGER REFERENCES batches (id) ON DELETE SET NULL;
