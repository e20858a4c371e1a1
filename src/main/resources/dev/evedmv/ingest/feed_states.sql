-- Every feed's cursor and health, with ages in seconds by the database's clock.
SELECT feed, cursor,
       CASE WHEN cursor IS NOT NULL THEN extract(epoch FROM now() - updated_at)::bigint END AS cursor_seconds_ago,
       last_success_at, extract(epoch FROM now() - last_success_at)::bigint AS success_seconds_ago,
       last_error_at, last_error,
       failing_since, extract(epoch FROM now() - failing_since)::bigint AS failing_seconds,
       backlog
FROM feed_state
ORDER BY feed
