INSERT INTO entity_daily_members AS r (entity_kind, entity_id, day, npc, character_id, kills)
SELECT * FROM (
/*ROLLUP_MEMBERS_SELECT*/
) AS delta
ORDER BY 1, 2, 3, 4, 5
ON CONFLICT (entity_kind, entity_id, day, npc, character_id) DO UPDATE SET kills = r.kills + EXCLUDED.kills
