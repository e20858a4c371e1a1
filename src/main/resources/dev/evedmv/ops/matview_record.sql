INSERT INTO matview_refreshes (view_name, refreshed_at, duration_ms)
VALUES (:view, now(), :durationMs)
ON CONFLICT (view_name) DO UPDATE SET refreshed_at = excluded.refreshed_at, duration_ms = excluded.duration_ms
