INSERT INTO entity_daily_systems AS r
SELECT * FROM stage_systems
ORDER BY entity_kind, entity_id, day, npc, solar_system_id
ON CONFLICT (entity_kind, entity_id, day, npc, solar_system_id) DO UPDATE SET kills = r.kills + EXCLUDED.kills
