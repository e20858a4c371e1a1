-- db rederive: after the deltas, a row no killmail counts any more goes (every killmail counts a kill or a loss),
-- and an id whose count fell to zero leaves its list, so that the rows equal a recomputation (db verify).
DELETE FROM entity_daily d
USING stage_daily s
WHERE d.entity_kind = s.entity_kind AND d.entity_id = s.entity_id AND d.day = s.day AND d.npc = s.npc
  AND d.kills = 0 AND d.losses = 0;
UPDATE entity_daily d
SET ships = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(d.ships) WHERE value <> '0'),
    systems = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(d.systems) WHERE value <> '0'),
    members = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(d.members) WHERE value <> '0'),
    corporations = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(d.corporations) WHERE value <> '0'),
    alliances = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(d.alliances) WHERE value <> '0'),
    enemies = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(d.enemies) WHERE value <> '0'),
    killers = (SELECT coalesce(jsonb_object_agg(key, value), '{}') FROM jsonb_each(d.killers) WHERE value <> '0')
FROM stage_daily s
WHERE d.entity_kind = s.entity_kind AND d.entity_id = s.entity_id AND d.day = s.day AND d.npc = s.npc
  AND (EXISTS (SELECT 1 FROM jsonb_each(d.ships) WHERE value = '0')
       OR EXISTS (SELECT 1 FROM jsonb_each(d.systems) WHERE value = '0')
       OR EXISTS (SELECT 1 FROM jsonb_each(d.members) WHERE value = '0')
       OR EXISTS (SELECT 1 FROM jsonb_each(d.corporations) WHERE value = '0')
       OR EXISTS (SELECT 1 FROM jsonb_each(d.alliances) WHERE value = '0')
       OR EXISTS (SELECT 1 FROM jsonb_each(d.enemies) WHERE value = '0')
       OR EXISTS (SELECT 1 FROM jsonb_each(d.killers) WHERE value = '0'));
