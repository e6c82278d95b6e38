-- PostgreSQL's form of db/migration/V2: everyone who asked for a job.
CREATE TABLE job_requesters (
    job_id       BIGINT NOT NULL REFERENCES jobs (id) ON DELETE CASCADE,
    chat_id      BIGINT NOT NULL,
    user_id      BIGINT,
    created_at   BIGINT NOT NULL,
    delivered_at BIGINT,
    PRIMARY KEY (job_id, chat_id)
);
