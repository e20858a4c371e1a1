-- Sessions running one statement, or idle inside a transaction, for longer than the threshold.
SELECT pid || ' ' || state || ' for ' || date_trunc('second', now() - coalesce(state_change, query_start))::text
       || ': ' || left(regexp_replace(query, '\s+', ' ', 'g'), 80)
FROM pg_stat_activity
WHERE datname = current_database() AND pid <> pg_backend_pid()
  AND ((state = 'active' AND now() - query_start > make_interval(secs => :seconds))
    OR (state LIKE 'idle in transaction%' AND now() - state_change > make_interval(secs => :seconds)))
ORDER BY 1
