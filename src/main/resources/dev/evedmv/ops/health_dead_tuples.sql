-- Tables with many dead rows relative to live ones, and how long since they were last vacuumed.
SELECT relname || ': ' || n_dead_tup || ' dead of ' || n_live_tup || ' live, last vacuum '
       || coalesce(to_char(greatest(last_vacuum, last_autovacuum), 'YYYY-MM-DD HH24:MI'), 'never')
FROM pg_stat_user_tables
WHERE n_dead_tup > 100000 AND n_dead_tup > 0.2 * greatest(n_live_tup, 1)
ORDER BY n_dead_tup DESC
