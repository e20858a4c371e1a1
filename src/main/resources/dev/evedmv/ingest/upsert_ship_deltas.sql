INSERT INTO entity_daily_ships AS r
SELECT * FROM stage_ships
ORDER BY entity_kind, entity_id, day, npc, ship_type_id
ON CONFLICT (entity_kind, entity_id, day, npc, ship_type_id) DO UPDATE SET kills = r.kills + EXCLUDED.kills
