-- Every monthly table of the partitioned parents, attached or not: its parent (from pg_inherits
-- while attached, else from its name), whether it is attached, and whether a DETACH CONCURRENTLY
-- was interrupted (inhdetachpending) and needs FINALIZE.
SELECT c.relname                                             AS partition,
       coalesce(p.relname, substring(c.relname FROM '^(.*)_\d{4}_\d{2}$')) AS parent,
       i.inhrelid IS NOT NULL                                AS attached,
       coalesce(i.inhdetachpending, false)                   AS detach_pending
FROM pg_class c
JOIN pg_namespace n ON n.oid = c.relnamespace
LEFT JOIN pg_inherits i ON i.inhrelid = c.oid
LEFT JOIN pg_class p ON p.oid = i.inhparent
WHERE n.nspname = current_schema()
  AND c.relkind = 'r'
  AND c.relname ~ '^(killmails|killmail_payloads|participants)_\d{4}_\d{2}$'
ORDER BY c.relname
