-- Backfill: the indexes of a partitioned table, to build the same on a load table before ATTACH;
-- constraint_def is set for an index that backs a constraint (the primary key).
SELECT i.indexrelid::regclass::text AS index_name, pg_get_indexdef(i.indexrelid) AS index_def, pg_get_constraintdef(c.oid) AS constraint_def
FROM pg_index i
LEFT JOIN pg_constraint c ON c.conindid = i.indexrelid AND c.conrelid = i.indrelid
WHERE i.indrelid = CAST(:parent AS regclass)
ORDER BY i.indexrelid
