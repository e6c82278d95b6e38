-- PostgreSQL's form of db/migration/V8, which turns on SQLite's incremental vacuum. PostgreSQL's
-- autovacuum already reuses the space of pruned rows: nothing to do, but the version exists so
-- that both backends share one history.
SELECT 1;
