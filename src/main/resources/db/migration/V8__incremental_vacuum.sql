-- Lets the history cleanup give the pages of pruned rows back to the file system
-- (PRAGMA incremental_vacuum). auto_vacuum only changes on an existing file through a VACUUM,
-- which rewrites the file once and cannot run inside a transaction (see the .conf beside this).
PRAGMA auto_vacuum = INCREMENTAL;
VACUUM;
