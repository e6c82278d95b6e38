-- PostgreSQL's form of db/migration/V10: small facts the upkeep keeps across restarts.
CREATE TABLE upkeep_state (
    key        TEXT   PRIMARY KEY,
    value      TEXT   NOT NULL,
    updated_at BIGINT NOT NULL
);
