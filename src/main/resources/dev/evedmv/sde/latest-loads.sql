SELECT load_id, source, format, build, loaded_at, duration_ms, row_counts::text AS row_counts, changes::text AS changes
  FROM sde_loads
 ORDER BY load_id DESC
 LIMIT :limit
