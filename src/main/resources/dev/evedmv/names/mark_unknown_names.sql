-- Ids ESI does not know: remembered so they are not asked for again.
INSERT INTO names (id, category, name, fetched_at, unknown)
SELECT id, 'unknown', NULL, now(), true
FROM unnest(CAST(:ids AS bigint[])) AS u(id)
ON CONFLICT (id) DO UPDATE SET fetched_at = now(), unknown = true
