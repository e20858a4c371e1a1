-- top_ships: per entity kill, the distinct ship types its own pilots flew (ship types, systems, regions: every attacker).
SELECT kind, entity_id, day, npc, ship_type_id, count(*)::integer
FROM (
    SELECT DISTINCT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, p.ship_type_id
    FROM stage_entity_killmails e
    JOIN stage_participants p ON p.killmail_id = e.killmail_id AND NOT p.is_victim AND p.ship_type_id IS NOT NULL
    WHERE e.is_kill
      AND (e.kind IN (4, 5, 6)
           OR (e.kind = 1 AND p.character_id = e.entity_id)
           OR (e.kind = 2 AND p.corporation_id = e.entity_id)
           OR (e.kind = 3 AND p.alliance_id = e.entity_id))
) AS flown
GROUP BY kind, entity_id, day, npc, ship_type_id
