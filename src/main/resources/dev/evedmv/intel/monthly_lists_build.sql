-- The monthly lists of kind :kind for the days [:month, :until), from their entity_daily rows, for the
-- entities with rows on two days or more (one day's row is as cheap to read as a month's), and of each
-- list longer than :head_size its head: its best :head_size entries and the count none of the rest
-- exceeds (evedmv_list_head). The caller deletes the old ones first and records the build, in one
-- repeatable-read snapshot.
INSERT INTO entity_monthly_lists (entity_kind, entity_id, month, until, npc, days, kills, losses, ships, systems, members,
                                  ships_head, ships_floor, systems_head, systems_floor, members_head, members_floor)
SELECT m.*, s.head, s.floor, y.head, y.floor, c.head, c.floor
FROM (SELECT d.entity_kind, d.entity_id, CAST(:month AS date) AS month, CAST(:until AS date) AS until, d.npc,
             count(*) AS days, sum(d.kills) AS kills, sum(d.losses) AS losses,
             evedmv_sum_counts(array_agg(d.ships)) AS ships, evedmv_sum_counts(array_agg(d.systems)) AS systems,
             evedmv_sum_counts(array_agg(d.members)) AS members
      FROM entity_daily d
      WHERE d.entity_kind = :kind
        AND d.day >= CAST(:month AS date) AND d.day < CAST(:until AS date)
      GROUP BY d.entity_kind, d.entity_id, d.npc
      HAVING count(*) >= 2) AS m
LEFT JOIN LATERAL evedmv_list_head(m.ships, :head_size) AS s ON true
LEFT JOIN LATERAL evedmv_list_head(m.systems, :head_size) AS y ON true
LEFT JOIN LATERAL evedmv_list_head(m.members, :head_size) AS c ON true
