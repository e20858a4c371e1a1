INSERT INTO entity_daily_members AS r
SELECT * FROM stage_members
ORDER BY entity_kind, entity_id, day, npc, character_id
ON CONFLICT (entity_kind, entity_id, day, npc, character_id) DO UPDATE SET kills = r.kills + EXCLUDED.kills
