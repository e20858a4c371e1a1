INSERT INTO entity_daily_ships AS r (entity_kind, entity_id, day, npc, ship_type_id, kills)
SELECT * FROM (
/*ROLLUP_SHIPS_SELECT*/
) AS delta
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (entity_kind, entity_id, day, npc, ship_type_id) DO UPDATE SET kills = r.kills + EXCLUDED.kills
