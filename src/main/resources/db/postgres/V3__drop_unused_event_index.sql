-- PostgreSQL's form of db/migration/V3: nothing reads job_events by type and time.
DROP INDEX IF EXISTS job_events_type_created;
