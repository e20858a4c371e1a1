-- Names just fetched from ESI: inserted or updated, and fetched_at renewed even when unchanged so the TTL restarts.
INSERT INTO names AS n (id, category, name, fetched_at, unknown)
SELECT DISTINCT ON (id) id, category, name, now(), false
FROM stage_names
ORDER BY id
ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category, name = EXCLUDED.name, fetched_at = now(), unknown = false
