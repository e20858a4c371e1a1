-- db verify: the entity_daily rows recomputed from the (entity, killmail) rows in stage_entity_killmails
-- and the participants in stage_participants, top-list counts included (docs/counting-rules.md §3).
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
           evedmv_hour_list(ARRAY[count(*) FILTER (WHERE is_kill AND hour = 0),
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
               count(*) FILTER (WHERE is_kill AND hour = 23)]::integer[]) AS hourly_kills
    FROM (SELECT *, second_of_day / 3600 AS hour FROM stage_entity_killmails) AS e
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
                WHERE e.kind = evedmv_kind('alliance') AND e.is_kill AND NOT p.is_victim AND p.character_id IS NOT NULL
                UNION ALL
                -- top_characters of systems and regions: every attacker character
                SELECT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, f.character_id
                FROM stage_entity_killmails e
                JOIN (SELECT DISTINCT killmail_id, character_id FROM stage_participants
                      WHERE NOT is_victim AND character_id IS NOT NULL) AS f ON f.killmail_id = e.killmail_id
                WHERE e.kind IN (evedmv_kind('system'), evedmv_kind('region')) AND e.is_kill) AS m
          GROUP BY kind, entity_id, day, npc, character_id) AS per_member
    GROUP BY kind, entity_id, day, npc
),
-- top_corporations: per alliance kill, the distinct corporations of its members among the attackers; per system or
-- region kill, every attacker's corporation.
corporations AS (
    SELECT kind, entity_id, day, npc, jsonb_object_agg(corporation_id::text, kills) AS counts
    FROM (SELECT kind, entity_id, day, npc, corporation_id, count(*)::integer AS kills
          FROM (SELECT DISTINCT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, p.corporation_id
                FROM stage_entity_killmails e
                JOIN stage_participants p ON p.killmail_id = e.killmail_id AND p.alliance_id = e.entity_id
                WHERE e.kind = evedmv_kind('alliance') AND e.is_kill AND NOT p.is_victim AND p.corporation_id IS NOT NULL
                UNION ALL
                SELECT e.kind, e.entity_id, e.killmail_id, e.day, e.npc, f.corporation_id
                FROM stage_entity_killmails e
                JOIN (SELECT DISTINCT killmail_id, corporation_id FROM stage_participants
                      WHERE NOT is_victim AND corporation_id IS NOT NULL) AS f ON f.killmail_id = e.killmail_id
                WHERE e.kind IN (evedmv_kind('system'), evedmv_kind('region')) AND e.is_kill) AS c
          GROUP BY kind, entity_id, day, npc, corporation_id) AS per_corporation
    GROUP BY kind, entity_id, day, npc
),
-- top_alliances: per system or region kill, every attacker's alliance.
alliances AS (
    SELECT kind, entity_id, day, npc, jsonb_object_agg(alliance_id::text, kills) AS counts
    FROM (SELECT e.kind, e.entity_id, e.day, e.npc, f.alliance_id, count(*)::integer AS kills
          FROM stage_entity_killmails e
          JOIN (SELECT DISTINCT killmail_id, alliance_id FROM stage_participants
                WHERE NOT is_victim AND alliance_id IS NOT NULL) AS f ON f.killmail_id = e.killmail_id
          WHERE e.kind IN (evedmv_kind('system'), evedmv_kind('region')) AND e.is_kill
          GROUP BY e.kind, e.entity_id, e.day, e.npc, f.alliance_id) AS per_alliance
    GROUP BY kind, entity_id, day, npc
),
-- top_enemies: per character, corporation or alliance kill, the victim's group (evedmv_group_key).
enemies AS (
    SELECT kind, entity_id, day, npc, jsonb_object_agg(group_key::text, kills) AS counts
    FROM (SELECT e.kind, e.entity_id, e.day, e.npc, evedmv_group_key(v.alliance_id, v.corporation_id) AS group_key,
                 count(*)::integer AS kills
          FROM stage_entity_killmails e
          JOIN stage_participants v ON v.killmail_id = e.killmail_id AND v.is_victim
          WHERE e.kind IN (evedmv_kind('character'), evedmv_kind('corporation'), evedmv_kind('alliance')) AND e.is_kill
            AND evedmv_group_key(v.alliance_id, v.corporation_id) IS NOT NULL
          GROUP BY 1, 2, 3, 4, 5) AS per_group
    GROUP BY kind, entity_id, day, npc
),
-- top_killers: per character, corporation or alliance loss, the distinct groups of the player characters among
-- the attackers.
killers AS (
    SELECT kind, entity_id, day, npc, jsonb_object_agg(group_key::text, losses) AS counts
    FROM (SELECT e.kind, e.entity_id, e.day, e.npc, f.group_key, count(*)::integer AS losses
          FROM stage_entity_killmails e
          JOIN (SELECT DISTINCT killmail_id, evedmv_group_key(alliance_id, corporation_id) AS group_key
                FROM stage_participants
                WHERE NOT is_victim AND evedmv_is_player_character(character_id)
                  AND evedmv_group_key(alliance_id, corporation_id) IS NOT NULL) AS f ON f.killmail_id = e.killmail_id
          WHERE e.kind IN (evedmv_kind('character'), evedmv_kind('corporation'), evedmv_kind('alliance')) AND e.is_loss
          GROUP BY e.kind, e.entity_id, e.day, e.npc, f.group_key) AS per_group
    GROUP BY kind, entity_id, day, npc
),
-- killmail_ids: per character, corporation, alliance or ship type, its killmails with their second of the day and the
-- side it took (evedmv_killmail_entry), already in the list form, ids ascending.
killmail_ids AS (
    SELECT kind, entity_id, day, npc,
           string_agg(CASE WHEN entry = 1 THEN killmail_id::text ELSE killmail_id || ':' || entry END, ','
                      ORDER BY killmail_id) AS list
    FROM (SELECT kind, entity_id, day, npc, killmail_id, evedmv_killmail_entry(second_of_day, is_kill, is_loss) AS entry
          FROM stage_entity_killmails
          WHERE kind IN (evedmv_kind('character'), evedmv_kind('corporation'), evedmv_kind('alliance'),
                         evedmv_kind('ship'))) AS entries
    GROUP BY kind, entity_id, day, npc
)
-- the lists in entity_daily's text form (evedmv_list_of_counts), to compare with what ingest wrote
SELECT t.*, coalesce(evedmv_list_of_counts(s.counts), '') AS ships, coalesce(evedmv_list_of_counts(y.counts), '') AS systems,
       coalesce(evedmv_list_of_counts(m.counts), '') AS members,
       coalesce(evedmv_list_of_counts(c.counts), '') AS corporations,
       coalesce(evedmv_list_of_counts(a.counts), '') AS alliances,
       coalesce(evedmv_list_of_counts(n.counts), '') AS enemies, coalesce(evedmv_list_of_counts(k.counts), '') AS killers,
       coalesce(i.list, '') AS killmail_ids
FROM totals t
LEFT JOIN ships s USING (kind, entity_id, day, npc)
LEFT JOIN systems y USING (kind, entity_id, day, npc)
LEFT JOIN members m USING (kind, entity_id, day, npc)
LEFT JOIN corporations c USING (kind, entity_id, day, npc)
LEFT JOIN alliances a USING (kind, entity_id, day, npc)
LEFT JOIN enemies n USING (kind, entity_id, day, npc)
LEFT JOIN killers k USING (kind, entity_id, day, npc)
LEFT JOIN killmail_ids i USING (kind, entity_id, day, npc)
