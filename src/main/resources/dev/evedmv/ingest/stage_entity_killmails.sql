-- One row per (entity, killmail) for the killmails of this batch, from their participants, of every
-- kind (evedmv_kind): character, corporation, alliance, ship type (kill = an attacker flew it),
-- solar system, region (kill = it happened there). An entity on both sides of one killmail
-- (a corporation whose member killed a corpmate) gets both a kill and a loss, each counted once.
INSERT INTO stage_entity_killmails
SELECT kind, entity_id, killmail_id,
       (min(killmail_time) AT TIME ZONE 'UTC')::date,
       evedmv_second_of_day(min(killmail_time)),
       min(solar_system_id), bool_or(is_npc), bool_or(is_solo), min(total_value), min(attacker_count),
       bool_or(NOT is_victim), bool_or(is_victim), bool_or(final_blow AND NOT is_victim)
FROM (
    SELECT evedmv_kind('character') AS kind, character_id AS entity_id, p.* FROM stage_participants p
    WHERE character_id IS NOT NULL
    UNION ALL
    SELECT evedmv_kind('corporation'), corporation_id, p.* FROM stage_participants p WHERE corporation_id IS NOT NULL
    UNION ALL
    SELECT evedmv_kind('alliance'), alliance_id, p.* FROM stage_participants p WHERE alliance_id IS NOT NULL
    UNION ALL
    SELECT evedmv_kind('ship'), ship_type_id, p.* FROM stage_participants p WHERE ship_type_id IS NOT NULL
) AS by_entity
GROUP BY kind, entity_id, killmail_id
UNION ALL
SELECT evedmv_kind('system'), solar_system_id, killmail_id, (killmail_time AT TIME ZONE 'UTC')::date,
       evedmv_second_of_day(killmail_time), solar_system_id, is_npc, is_solo,
       total_value, attacker_count, true, false, false
FROM stage_participants WHERE slot = 0
UNION ALL
SELECT evedmv_kind('region'), region_id, killmail_id, (killmail_time AT TIME ZONE 'UTC')::date,
       evedmv_second_of_day(killmail_time), solar_system_id, is_npc, is_solo,
       total_value, attacker_count, true, false, false
FROM stage_participants WHERE slot = 0 AND region_id IS NOT NULL
