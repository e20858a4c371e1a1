-- The statements slowest on average (at least 5 calls), from pg_stat_statements.
SELECT left(regexp_replace(query, '\s+', ' ', 'g'), 200) AS query, calls,
       round(total_exec_time::numeric, 1) AS total_ms, round(mean_exec_time::numeric, 3) AS mean_ms,
       round(max_exec_time::numeric, 3) AS max_ms, rows
FROM pg_stat_statements
WHERE dbid = (SELECT oid FROM pg_database WHERE datname = current_database()) AND calls >= 5
ORDER BY mean_exec_time DESC
LIMIT :limit
