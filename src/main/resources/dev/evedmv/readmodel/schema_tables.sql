-- db verify: every table of the schema once. Ordinary, partitioned and materialized relations of the
-- current schema; a partition under the name of its partitioned root, and so are a month detached by an
-- archive in progress (<table>_YYYY_MM) and a backfill's load table (<table>_YYYY_MM_load) of a
-- partitioned table. Views (pg_stat_statements) and temporary tables are not tables of the schema.
WITH relations AS (
    SELECT c.oid, c.relname, c.relkind
    FROM pg_class c
    WHERE c.relnamespace = to_regnamespace(current_schema())::oid AND c.relkind IN ('r', 'p', 'm')
)
SELECT DISTINCT coalesce(root.relname, parent.relname, r.relname) AS name
FROM relations r
LEFT JOIN pg_class root ON r.relkind <> 'm' AND root.oid = pg_partition_root(r.oid)
LEFT JOIN relations parent ON parent.relkind = 'p' AND pg_partition_root(r.oid) IS NULL
                          AND r.relname ~ ('^' || parent.relname || '_\d{4}_\d{2}(_load)?$')
ORDER BY 1
