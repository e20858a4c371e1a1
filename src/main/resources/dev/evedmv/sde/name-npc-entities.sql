-- NPC corporations and factions named from the static data, so that answers name them when ESI has not: an id
-- without a name (no row, or one ESI marked unknown) gets the static data's, and a name the static data gave
-- earlier follows it. A name from ESI or a names file is never overwritten; ESI's resolver overwrites these.
INSERT INTO names AS n (id, category, name, fetched_at, unknown, source)
SELECT id, category, name, now(), false, 'sde'
FROM (SELECT corporation_id::bigint AS id, 'corporation' AS category, name FROM sde_npc_corporations
      UNION ALL
      SELECT faction_id, 'faction', name FROM sde_factions) AS npc
WHERE name <> ''
ON CONFLICT (id) DO UPDATE SET category = EXCLUDED.category, name = EXCLUDED.name, fetched_at = now(), unknown = false,
                               source = 'sde'
WHERE (n.source = 'sde' OR n.name IS NULL)
  AND (n.name IS DISTINCT FROM EXCLUDED.name OR n.category IS DISTINCT FROM EXCLUDED.category OR n.unknown)
