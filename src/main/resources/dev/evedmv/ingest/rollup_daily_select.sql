-- db verify: the entity_daily rows recomputed from the (entity, killmail) rows in stage_entity_killmails
-- and the participants in stage_participants, top-list counts included.
WITH totals AS (
    SELECT kind, entity_id, day, npc,
           count(*) FILTER (WHERE is_kill) AS kills,
           count(*) FILTER (WHERE is_loss) AS losses,
           count(*) FILTER (WHERE is_kill AND solo) AS solo_kills,
           count(*) FILTER (WHERE is_loss AND solo) AS solo_losses,
           count(*) FILTER (WHERE final_blow) AS final_blows,
           coalesce(sum(total_value) FILTER (WHERE is_kill), 0) AS isk_destroyed,
           coalesce(sum(total_value) FILTER (WHERE is_loss), 0) AS isk_lost,
           coalesce(sum(attacker_count) FILTER (WHERE is_kill), 0) AS attackers_on_kills,
           ARRAY[count(*) FILTER (WHERE is_kill AND hour = 0),
               count(*) FILTER (WHERE is_kill AND hour = 1),
               count(*) FILTER (WHERE is_kill AND hour = 2),
               count(*) FILTER (WHERE is_kill AND hour = 3),
               count(*) FILTER (WHERE is_kill AND hour = 4),
               count(*) FILTER (WHERE is_kill AND hour = 5),
               count(*) FILTER (WHERE is_kill AND hour = 6),
               count(*) FILTER (WHERE is_kill AND hour = 7),
               count(*) FILTER (WHERE is_kill AND hour = 8),
               count(*) FILTER (WHERE is_kill AND hour = 9),
               count(*) FILTER (WHERE is_kill AND hour = 10),
               count(*) FILTER (WHERE is_kill AND hour = 11),
               count(*) FILTER (WHERE is_kill AND hour = 12),
               count(*) FILTER (WHERE is_kill AND hour = 13),
               count(*) FILTER (WHERE is_kill AND hour = 14),
               count(*) FILTER (WHERE is_kill AND hour = 15),
               count(*) FILTER (WHERE is_kill AND hour = 16),
               count(*) FILTER (WHERE is_kill AND hour = 17),
               count(*) FILTER (WHERE is_kill AND hour = 18),
               count(*) FILTER (WHERE is_kill AND hour = 19),
               count(*) FILTER (WHERE is_kill AND hour = 20),
               count(*) FILTER (WHERE is_kill AND hour = 21),
               count(*) FILTER (WHERE is_kill AND hour = 22),
               count(*) FILTER (WHERE is_kill AND hour = 23)]::integer[] AS hourly_kills
    FROM stage_entity_killmails
    GROUP BY kind, entity_id, day, npc
),
-- top_ships: per entity kill, the distinct ship types its own pilots flew (ship types, systems, regions: every attacker).
-- Each kind joins the attackers on the killmail and its own id, so the work grows with the rows, not with
-- a killmail's attackers times its entities; the kinds are disjoint, so each branch removes its own duplicates.
ships AS (
    SELECT kind, entity_id, day, npc, jsonb_object_agg(ship_type_id::text, kills) AS counts
    FROM (SELECT kind, entity_id, day, npc, ship_type_id, count(*)::integer AS kills
          FROM (SELECT DISTINCT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, p.ship_type_id
                FROM stage_entity_killmails e
                JOIN stage_participants p ON p.killmail_id = e.killmail_id AND p.character_id = e.entity_id
                WHERE e.kind = evedmv_kind('character') AND e.is_kill AND NOT p.is_victim AND p.ship_type_id IS NOT NULL
                UNION ALL
                SELECT DISTINCT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, p.ship_type_id
                FROM stage_entity_killmails e
                JOIN stage_participants p ON p.killmail_id = e.killmail_id AND p.corporation_id = e.entity_id
                WHERE e.kind = evedmv_kind('corporation') AND e.is_kill AND NOT p.is_victim AND p.ship_type_id IS NOT NULL
                UNION ALL
                SELECT DISTINCT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, p.ship_type_id
                FROM stage_entity_killmails e
                JOIN stage_participants p ON p.killmail_id = e.killmail_id AND p.alliance_id = e.entity_id
                WHERE e.kind = evedmv_kind('alliance') AND e.is_kill AND NOT p.is_victim AND p.ship_type_id IS NOT NULL
                UNION ALL
                -- one row per (entity, killmail) and per (killmail, ship type): no duplicates
                SELECT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, f.ship_type_id
                FROM stage_entity_killmails e
                JOIN (SELECT DISTINCT killmail_id, ship_type_id FROM stage_participants
                      WHERE NOT is_victim AND ship_type_id IS NOT NULL) AS f ON f.killmail_id = e.killmail_id
                WHERE e.kind IN (evedmv_kind('ship'), evedmv_kind('system'), evedmv_kind('region')) AND e.is_kill) AS flown
          GROUP BY kind, entity_id, day, npc, ship_type_id) AS per_ship
    GROUP BY kind, entity_id, day, npc
),
-- top_systems: entity kills per solar system (not kept for systems themselves).
systems AS (
    SELECT kind, entity_id, day, npc, jsonb_object_agg(solar_system_id::text, kills) AS counts
    FROM (SELECT kind, entity_id, day, npc, solar_system_id, count(*)::integer AS kills
          FROM stage_entity_killmails
          WHERE is_kill AND kind <> evedmv_kind('system')
          GROUP BY kind, entity_id, day, npc, solar_system_id) AS per_system
    GROUP BY kind, entity_id, day, npc
),
-- top_members: per corporation or alliance kill, the distinct member characters among its attackers.
members AS (
    SELECT kind, entity_id, day, npc, jsonb_object_agg(character_id::text, kills) AS counts
    FROM (SELECT kind, entity_id, day, npc, character_id, count(*)::integer AS kills
          FROM (SELECT DISTINCT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, p.character_id
                FROM stage_entity_killmails e
                JOIN stage_participants p ON p.killmail_id = e.killmail_id AND p.corporation_id = e.entity_id
                WHERE e.kind = evedmv_kind('corporation') AND e.is_kill AND NOT p.is_victim AND p.character_id IS NOT NULL
                UNION ALL
                SELECT DISTINCT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, p.character_id
                FROM stage_entity_killmails e
                JOIN stage_participants p ON p.killmail_id = e.killmail_id AND p.alliance_id = e.entity_id
                WHERE e.kind = evedmv_kind('alliance') AND e.is_kill AND NOT p.is_victim AND p.character_id IS NOT NULL) AS m
          GROUP BY kind, entity_id, day, npc, character_id) AS per_member
    GROUP BY kind, entity_id, day, npc
)
SELECT t.*, coalesce(s.counts, '{}') AS ships, coalesce(y.counts, '{}') AS systems, coalesce(m.counts, '{}') AS members
FROM totals t
LEFT JOIN ships s USING (kind, entity_id, day, npc)
LEFT JOIN systems y USING (kind, entity_id, day, npc)
LEFT JOIN members m USING (kind, entity_id, day, npc)
