-- Names just fetched from ESI: inserted or updated (over a name a file gave too), and fetched_at renewed even when
-- unchanged so the TTL restarts.
INSERT INTO names AS n (id, category, name, fetched_at, unknown, source)
SELECT DISTINCT ON (id) id, category, name, now(), false, 'esi'
FROM stage_names
ORDER BY id
ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category, name = EXCLUDED.name, fetched_at = now(), unknown = false,
                               source = 'esi'
