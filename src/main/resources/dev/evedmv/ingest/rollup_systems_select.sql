-- top_systems: entity kills per solar system (not kept for systems themselves).
SELECT kind, entity_id, day, npc, solar_system_id, count(*)::integer
FROM stage_entity_killmails
WHERE is_kill AND kind <> 5
GROUP BY kind, entity_id, day, npc, solar_system_id
