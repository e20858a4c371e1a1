-- Activity per table, partitions rolled up into their parent table.
SELECT coalesce(parent.relname, c.relname)                AS table_name,
       count(*)                                           AS partitions,
       sum(s.seq_scan)::bigint                            AS seq_scans,
       sum(coalesce(s.idx_scan, 0))::bigint               AS index_scans,
       sum(s.n_tup_ins)::bigint                           AS rows_inserted,
       sum(s.n_live_tup)::bigint                          AS live_rows,
       sum(s.n_dead_tup)::bigint                          AS dead_rows,
       sum(pg_total_relation_size(c.oid))::bigint         AS total_bytes
FROM pg_stat_user_tables s
JOIN pg_class c ON c.oid = s.relid
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
LEFT JOIN pg_class parent ON parent.oid = i.inhparent
WHERE s.schemaname = current_schema() AND c.relname NOT LIKE 'databasechangelog%'
GROUP BY 1
ORDER BY total_bytes DESC, 1
