-- When each materialized view was last refreshed, and how long ago.
SELECT view_name, refreshed_at, duration_ms,
       extract(epoch FROM now() - refreshed_at)::float8 AS age_seconds
FROM matview_refreshes
ORDER BY view_name
