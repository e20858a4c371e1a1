INSERT INTO entity_daily_systems AS r (entity_kind, entity_id, day, npc, solar_system_id, kills)
SELECT * FROM (
/*ROLLUP_SYSTEMS_SELECT*/
) AS delta
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (entity_kind, entity_id, day, npc, solar_system_id) DO UPDATE SET kills = r.kills + EXCLUDED.kills
