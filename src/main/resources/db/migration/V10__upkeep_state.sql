-- Small facts the upkeep keeps across restarts (docs/ARCHITECTURE.md, "Cleanup"), one row each:
--   alert.<kind>.sent_at   when the admins last got that alert (epoch ms), so once a day holds
--                          over restarts;
--   ytdlp.update_minute    this installation's minute for the nightly yt-dlp update, drawn once;
--   ytdlp.updated_on       the last day (yyyy-mm-dd) the nightly update ran.
CREATE TABLE upkeep_state (
    key        TEXT    PRIMARY KEY,
    value      TEXT    NOT NULL,
    updated_at INTEGER NOT NULL
);
