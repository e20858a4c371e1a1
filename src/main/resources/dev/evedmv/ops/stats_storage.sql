-- The database's bytes per stored killmail, table by table: each table's heap with its TOAST
-- (pg_table_size) and its indexes, a partitioned table's monthly partitions summed under its name,
-- divided by the killmails stored (archived months are in files, not counted).
WITH stored AS (
    SELECT count(*) AS killmails FROM killmails
), relations AS (
    SELECT coalesce(parent.relname, c.relname) AS table_name,
           pg_table_size(c.oid)                AS table_bytes,
           pg_indexes_size(c.oid)              AS index_bytes
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = current_schema()
    LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
    LEFT JOIN pg_class parent ON parent.oid = i.inhparent
    WHERE c.relkind = 'r' AND c.relname NOT LIKE 'databasechangelog%'
)
SELECT r.table_name,
       sum(r.table_bytes)::bigint                                         AS table_bytes,
       sum(r.index_bytes)::bigint                                         AS index_bytes,
       sum(r.table_bytes + r.index_bytes)::bigint                         AS total_bytes,
       s.killmails                                                        AS killmails,
       round(sum(r.table_bytes + r.index_bytes) / nullif(s.killmails, 0), 1) AS bytes_per_killmail
FROM relations r CROSS JOIN stored s
GROUP BY r.table_name, s.killmails
ORDER BY total_bytes DESC, r.table_name
