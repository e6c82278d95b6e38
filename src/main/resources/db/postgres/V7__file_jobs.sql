-- PostgreSQL's form of db/migration/V7: job type FILE. SQLite rebuilds both tables to widen the
-- CHECK; PostgreSQL changes the constraints in place, in Flyway's transaction.
ALTER TABLE jobs DROP CONSTRAINT jobs_job_type_check;
ALTER TABLE jobs ADD CONSTRAINT jobs_job_type_check CHECK (job_type IN ('VIDEO','AUDIO','FILE'));

ALTER TABLE chat_settings DROP CONSTRAINT chat_settings_default_job_type_check;
ALTER TABLE chat_settings ADD CONSTRAINT chat_settings_default_job_type_check
    CHECK (default_job_type IS NULL OR default_job_type IN ('VIDEO','AUDIO','FILE'));
