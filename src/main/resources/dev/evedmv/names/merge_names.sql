-- New ids are inserted; known ids whose name or category changed are updated (corporations and alliances get renamed).
INSERT INTO names AS n (id, category, name, fetched_at, unknown)
SELECT DISTINCT ON (id) id, category, name, now(), false
FROM stage_names
ORDER BY id
ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category, name = EXCLUDED.name, fetched_at = now(), unknown = false
WHERE n.name IS DISTINCT FROM EXCLUDED.name OR n.category IS DISTINCT FROM EXCLUDED.category OR n.unknown
