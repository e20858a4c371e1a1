-- Names from a names file: new ids are inserted; a name a file gave earlier, or an id ESI does not know, is updated
-- when the name or category changed. A name resolved from ESI is never overwritten: ESI is the authority on real ids.
INSERT INTO names AS n (id, category, name, fetched_at, unknown, source)
SELECT DISTINCT ON (id) id, category, name, now(), false, 'file'
FROM stage_names
ORDER BY id
ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category, name = EXCLUDED.name, fetched_at = now(), unknown = false,
                               source = 'file'
WHERE (n.source = 'file' OR n.unknown)
  AND (n.name IS DISTINCT FROM EXCLUDED.name OR n.category IS DISTINCT FROM EXCLUDED.category OR n.unknown)
