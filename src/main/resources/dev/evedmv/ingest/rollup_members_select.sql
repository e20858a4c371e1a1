-- top_members: per corporation or alliance kill, the distinct member characters among its attackers.
SELECT kind, entity_id, day, npc, character_id, count(*)::integer
FROM (
    SELECT DISTINCT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, p.character_id
    FROM stage_entity_killmails e
    JOIN stage_participants p ON p.killmail_id = e.killmail_id AND NOT p.is_victim AND p.character_id IS NOT NULL
    WHERE e.is_kill
      AND ((e.kind = 2 AND p.corporation_id = e.entity_id) OR (e.kind = 3 AND p.alliance_id = e.entity_id))
) AS members
GROUP BY kind, entity_id, day, npc, character_id
