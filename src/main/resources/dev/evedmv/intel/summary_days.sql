-- The rollup rows of one entity's recent days [:open_from, :until), whole (the {"id": count} lists
-- as text), each carrying the row count and kill and loss sums of the earlier days [:since, :open_from).
-- A refresh of a cached summary reads only these: when the earlier days' sums are what it saw last
-- time, no killmail landed on them (every killmail adds a kill or a loss to each entity it
-- touches), so their figures are reused. One row with a null day when the recent days have none.
WITH earlier AS (
    SELECT count(*) AS days, coalesce(sum(kills), 0)::bigint AS kills, coalesce(sum(losses), 0)::bigint AS losses
    FROM entity_daily
    WHERE entity_kind = :kind AND entity_id = :id AND day >= :since AND day < :open_from
      AND (NOT npc OR :include_npc)
)
SELECT e.days AS earlier_days, e.kills AS earlier_kills, e.losses AS earlier_losses,
       d.day, d.kills, d.losses, d.solo_kills, d.solo_losses, d.final_blows, d.isk_destroyed, d.isk_lost,
       d.attackers_on_kills, d.hourly_kills, d.ships::text AS ships, d.systems::text AS systems,
       d.members::text AS members
FROM earlier e
LEFT JOIN LATERAL (
    SELECT day, kills, losses, solo_kills, solo_losses, final_blows, isk_destroyed, isk_lost, attackers_on_kills,
           hourly_kills, ships, systems, members
    FROM entity_daily
    WHERE entity_kind = :kind AND entity_id = :id AND day >= :open_from AND day < :until
      AND (NOT npc OR :include_npc)
) d ON true
ORDER BY d.day
