-- Rows are taken in primary-key order so concurrent writers lock them in the same order. Returns,
-- per kind and day written, the evedmv_day_leaders() players with the most non-npc kills and ISK destroyed
-- among the rows as they now are, as {"id": figure} (for rollup_days, whose evedmv_merge_leaders keeps as many).
WITH written AS (
INSERT INTO entity_daily AS d
SELECT * FROM stage_daily
ORDER BY entity_kind, entity_id, day, npc
ON CONFLICT (entity_kind, entity_id, day, npc) DO UPDATE SET
    kills = d.kills + EXCLUDED.kills,
    losses = d.losses + EXCLUDED.losses,
    solo_kills = d.solo_kills + EXCLUDED.solo_kills,
    solo_losses = d.solo_losses + EXCLUDED.solo_losses,
    final_blows = d.final_blows + EXCLUDED.final_blows,
    isk_destroyed = d.isk_destroyed + EXCLUDED.isk_destroyed,
    isk_lost = d.isk_lost + EXCLUDED.isk_lost,
    attackers_on_kills = d.attackers_on_kills + EXCLUDED.attackers_on_kills,
    hourly_kills = evedmv_list_add(d.hourly_kills, EXCLUDED.hourly_kills),
    ships = evedmv_list_add(d.ships, EXCLUDED.ships),
    systems = evedmv_list_add(d.systems, EXCLUDED.systems),
    members = evedmv_list_add(d.members, EXCLUDED.members),
    corporations = evedmv_list_add(d.corporations, EXCLUDED.corporations),
    alliances = evedmv_list_add(d.alliances, EXCLUDED.alliances),
    enemies = evedmv_list_add(d.enemies, EXCLUDED.enemies),
    killers = evedmv_list_add(d.killers, EXCLUDED.killers),
    killmail_ids = evedmv_list_add(d.killmail_ids, EXCLUDED.killmail_ids)
RETURNING d.entity_kind, d.entity_id, d.day, d.npc, d.kills, d.isk_destroyed
),
players AS (
    SELECT entity_kind, day, entity_id, kills, isk_destroyed,
           NOT npc AND evedmv_is_player(entity_kind, entity_id) AS player
    FROM written
)
SELECT entity_kind, day,
       coalesce(jsonb_object_agg(entity_id, kills) FILTER (WHERE player AND by_kills <= evedmv_day_leaders()), '{}')::text
           AS kill_leaders,
       coalesce(jsonb_object_agg(entity_id, isk_destroyed) FILTER (WHERE player AND by_isk <= evedmv_day_leaders()),
                '{}')::text AS isk_leaders
FROM (SELECT entity_kind, day, entity_id, kills, isk_destroyed, player,
             row_number() OVER (PARTITION BY entity_kind, day ORDER BY player DESC, kills DESC, entity_id) AS by_kills,
             row_number() OVER (PARTITION BY entity_kind, day ORDER BY player DESC, isk_destroyed DESC, entity_id)
                 AS by_isk
      FROM players) AS ranked
GROUP BY entity_kind, day
