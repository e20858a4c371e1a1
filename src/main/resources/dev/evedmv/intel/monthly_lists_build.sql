-- The monthly lists of kind :kind for the days [:month, :until), from their entity_daily rows, for the
-- entities with rows on two days or more (one day's row is as cheap to read as a month's). The caller deletes the old ones first and
-- records the build, in one repeatable-read snapshot.
INSERT INTO entity_monthly_lists (entity_kind, entity_id, month, until, npc, days, kills, losses, ships, systems, members)
SELECT d.entity_kind, d.entity_id, CAST(:month AS date), CAST(:until AS date), d.npc, count(*), sum(d.kills), sum(d.losses),
       evedmv_sum_counts(array_agg(d.ships)), evedmv_sum_counts(array_agg(d.systems)),
       evedmv_sum_counts(array_agg(d.members))
FROM entity_daily d
WHERE d.entity_kind = :kind
  AND d.day >= CAST(:month AS date) AND d.day < CAST(:until AS date)
GROUP BY d.entity_kind, d.entity_id, d.npc
HAVING count(*) >= 2
