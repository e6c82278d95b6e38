-- /health counts failures from jobs.error_type; nothing reads job_events by type and time, and
-- every event insert paid for this index.
DROP INDEX IF EXISTS job_events_type_created;
