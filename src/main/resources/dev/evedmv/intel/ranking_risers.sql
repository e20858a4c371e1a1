-- Entities of a kind that the :days a ranking does not count lift by at least :at_least kills (or
-- ISK destroyed), the rows of those days found through entity_daily_kind_day; with kills on those days.
SELECT entity_id
FROM entity_daily
WHERE entity_kind = :kind AND day = ANY (CAST(:days AS date[])) AND NOT npc
  AND evedmv_is_player(CAST(:kind AS integer), entity_id)
GROUP BY entity_id
HAVING sum(kills) > 0
   AND CASE WHEN :by_isk THEN sum(isk_destroyed) ELSE sum(kills) END >= :at_least
