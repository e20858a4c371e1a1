-- The heads (evedmv_list_head, :head_size entries) of the long lists of kind :kind's entity_daily rows
-- over the days [:month, :until), with the kills and losses of the rows they were taken from. Only rows
-- with a list of over 2 characters an entry of a head are looked at (each entry takes a digit and a comma at
-- least): the others are short. In entity_daily_heads' column order: the build inserts these
-- rows, and db verify compares the stored ones with them.
SELECT d.entity_kind, d.entity_id, d.day, d.npc, d.kills, d.losses, s.head AS ships_head, s.floor AS ships_floor,
       y.head AS systems_head, y.floor AS systems_floor, c.head AS members_head, c.floor AS members_floor,
       o.head AS corporations_head, o.floor AS corporations_floor, a.head AS alliances_head,
       a.floor AS alliances_floor, e.head AS enemies_head, e.floor AS enemies_floor, k.head AS killers_head,
       k.floor AS killers_floor
FROM entity_daily d
LEFT JOIN LATERAL evedmv_list_head(evedmv_list_counts(d.ships), :head_size) AS s ON true
LEFT JOIN LATERAL evedmv_list_head(evedmv_list_counts(d.systems), :head_size) AS y ON true
LEFT JOIN LATERAL evedmv_list_head(evedmv_list_counts(d.members), :head_size) AS c ON true
LEFT JOIN LATERAL evedmv_list_head(evedmv_list_counts(d.corporations), :head_size) AS o ON true
LEFT JOIN LATERAL evedmv_list_head(evedmv_list_counts(d.alliances), :head_size) AS a ON true
LEFT JOIN LATERAL evedmv_list_head(evedmv_list_counts(d.enemies), :head_size) AS e ON true
LEFT JOIN LATERAL evedmv_list_head(evedmv_list_counts(d.killers), :head_size) AS k ON true
WHERE d.entity_kind = :kind
  AND d.day >= CAST(:month AS date) AND d.day < CAST(:until AS date)
  AND greatest(octet_length(d.ships), octet_length(d.systems), octet_length(d.members),
               octet_length(d.corporations), octet_length(d.alliances), octet_length(d.enemies),
               octet_length(d.killers)) > 2 * :head_size
  AND (s.head IS NOT NULL OR y.head IS NOT NULL OR c.head IS NOT NULL OR o.head IS NOT NULL OR a.head IS NOT NULL
       OR e.head IS NOT NULL OR k.head IS NOT NULL)
