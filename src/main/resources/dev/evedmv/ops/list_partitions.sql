-- The monthly partitions of the partitioned tables with their bounds, estimated rows and size.
SELECT parent.relname                              AS parent,
       child.relname                               AS partition,
       pg_get_expr(child.relpartbound, child.oid)  AS bounds,
       greatest(child.reltuples, 0)::bigint        AS estimated_rows,
       pg_total_relation_size(child.oid)           AS total_bytes
FROM pg_inherits i
JOIN pg_class parent ON parent.oid = i.inhparent
JOIN pg_class child ON child.oid = i.inhrelid
JOIN pg_namespace n ON n.oid = parent.relnamespace
WHERE n.nspname = current_schema()
  AND parent.relname IN ('killmails', 'killmail_payloads', 'participants')
  AND child.relkind = 'r'
ORDER BY child.relname
