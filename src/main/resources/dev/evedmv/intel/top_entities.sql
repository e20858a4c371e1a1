-- Top entities of one kind over the days [:since, :until) from entity_daily, by kills or by ISK destroyed
-- (:by_isk), then id ascending; entities without kills in the range are left out, and so are NPC characters
-- and corporations (evedmv_is_player: docs/counting-rules.md §1), which would crowd the lists of players.
SELECT coalesce(json_agg(json_build_object('id', t.entity_id, 'name', coalesce(n.name, ship.name, sys.name, region.name),
                                           'kills', t.kills, 'isk_destroyed', t.isk_destroyed)
                         ORDER BY t.rank), '[]')::text
FROM (SELECT entity_id, kills, isk_destroyed,
             row_number() OVER (ORDER BY CASE WHEN :by_isk THEN isk_destroyed ELSE kills END DESC, entity_id) AS rank
      FROM (SELECT entity_id, sum(kills) AS kills, sum(isk_destroyed) AS isk_destroyed
            FROM entity_daily
            WHERE entity_kind = :kind AND day >= :since AND day < :until AND (NOT npc OR :include_npc)
              AND evedmv_is_player(CAST(:kind AS integer), entity_id)
            GROUP BY entity_id
            HAVING sum(kills) > 0) AS totals
      ORDER BY rank
      LIMIT :limit) AS t
LEFT JOIN names n ON CAST(:kind AS integer) IN (evedmv_kind('character'), evedmv_kind('corporation'),
                                              evedmv_kind('alliance'))
                   AND n.id = t.entity_id
LEFT JOIN sde_types ship ON CAST(:kind AS integer) = evedmv_kind('ship') AND ship.type_id = t.entity_id
LEFT JOIN sde_systems sys ON CAST(:kind AS integer) = evedmv_kind('system') AND sys.system_id = t.entity_id
LEFT JOIN sde_regions region ON CAST(:kind AS integer) = evedmv_kind('region') AND region.region_id = t.entity_id
