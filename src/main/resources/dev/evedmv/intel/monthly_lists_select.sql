-- The monthly lists of kind :kind for the days [:month, :until), from their entity_daily rows (every list
-- column: ships, systems, members, corporations, alliances, enemies, killers), for the
-- entities with rows on two days or more (one day's row is as cheap to read as a month's), and of each
-- list longer than :head_size its head: its best :head_size entries and the count none of the rest
-- exceeds (evedmv_list_head). In entity_monthly_lists' column order: the build inserts these rows, and
-- db verify compares the stored ones with them.
SELECT m.entity_kind, m.entity_id, m.month, m.until, m.npc, m.days, m.kills, m.losses, m.ships, m.systems, m.members,
       s.head AS ships_head, s.floor AS ships_floor, y.head AS systems_head, y.floor AS systems_floor,
       c.head AS members_head, c.floor AS members_floor, m.corporations, m.alliances, m.enemies, m.killers,
       o.head AS corporations_head, o.floor AS corporations_floor, a.head AS alliances_head,
       a.floor AS alliances_floor, e.head AS enemies_head, e.floor AS enemies_floor, k.head AS killers_head,
       k.floor AS killers_floor
FROM (SELECT d.entity_kind, d.entity_id, CAST(:month AS date) AS month, CAST(:until AS date) AS until, d.npc,
             count(*) AS days, sum(d.kills) AS kills, sum(d.losses) AS losses,
             evedmv_list_sum(array_agg(d.ships)) AS ships, evedmv_list_sum(array_agg(d.systems)) AS systems,
             evedmv_list_sum(array_agg(d.members)) AS members,
             evedmv_list_sum(array_agg(d.corporations)) AS corporations,
             evedmv_list_sum(array_agg(d.alliances)) AS alliances,
             evedmv_list_sum(array_agg(d.enemies)) AS enemies, evedmv_list_sum(array_agg(d.killers)) AS killers
      FROM entity_daily d
      WHERE d.entity_kind = :kind
        AND d.day >= CAST(:month AS date) AND d.day < CAST(:until AS date)
      GROUP BY d.entity_kind, d.entity_id, d.npc
      HAVING count(*) >= 2) AS m
LEFT JOIN LATERAL evedmv_list_head(m.ships, :head_size) AS s ON true
LEFT JOIN LATERAL evedmv_list_head(m.systems, :head_size) AS y ON true
LEFT JOIN LATERAL evedmv_list_head(m.members, :head_size) AS c ON true
LEFT JOIN LATERAL evedmv_list_head(m.corporations, :head_size) AS o ON true
LEFT JOIN LATERAL evedmv_list_head(m.alliances, :head_size) AS a ON true
LEFT JOIN LATERAL evedmv_list_head(m.enemies, :head_size) AS e ON true
LEFT JOIN LATERAL evedmv_list_head(m.killers, :head_size) AS k ON true
