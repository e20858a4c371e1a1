INSERT INTO sde_loads (source, format, build, duration_ms, row_counts, changes)
VALUES (:source, :format, :build, :durationMs, CAST(:rowCounts AS jsonb), CAST(:changes AS jsonb))
RETURNING load_id, loaded_at
