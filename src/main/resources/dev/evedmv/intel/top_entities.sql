-- Top entities of one kind over the days [:since, :until) from entity_daily, by kills or by ISK destroyed
-- (:by_isk), then id ascending; entities without kills in the range are left out, and so are NPC characters
-- and corporations (ids up to 3,999,999 and 1,999,999: docs/counting-rules.md §1), which would crowd the lists of players.
SELECT coalesce(json_agg(json_build_object('id', t.entity_id, 'name', coalesce(n.name, ship.name, sys.name, region.name),
                                           'kills', t.kills, 'isk_destroyed', t.isk_destroyed)
                         ORDER BY t.rank), '[]')::text
FROM (SELECT entity_id, kills, isk_destroyed,
             row_number() OVER (ORDER BY CASE WHEN :by_isk THEN isk_destroyed ELSE kills END DESC, entity_id) AS rank
      FROM (SELECT entity_id, sum(kills) AS kills, sum(isk_destroyed) AS isk_destroyed
            FROM entity_daily
            WHERE entity_kind = :kind AND day >= :since AND day < :until AND (NOT npc OR :include_npc)
              AND entity_id > CASE CAST(:kind AS integer) WHEN 1 THEN 3999999 WHEN 2 THEN 1999999 ELSE 0 END
            GROUP BY entity_id
            HAVING sum(kills) > 0) AS totals
      ORDER BY rank
      LIMIT :limit) AS t
LEFT JOIN names n ON CAST(:kind AS integer) IN (1, 2, 3) AND n.id = t.entity_id
LEFT JOIN sde_types ship ON CAST(:kind AS integer) = 4 AND ship.type_id = t.entity_id
LEFT JOIN sde_systems sys ON CAST(:kind AS integer) = 5 AND sys.system_id = t.entity_id
LEFT JOIN sde_regions region ON CAST(:kind AS integer) = 6 AND region.region_id = t.entity_id
