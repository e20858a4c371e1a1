-- The first :ranks entries of a ranking, each with its exact totals over the top list's range: the
-- ranking's figures, plus what late killmails added to its days [ranked_since, ranked_until) since
-- it was built, minus the :days it counts that the range leaves out, plus the :days of the range it
-- does not count. The lateral subqueries are primary-key probes per entry, whatever the statistics
-- say. closed_kills and closed_isk_destroyed are the ranking's own figures.
SELECT r.rank, r.entity_id, r.kills AS closed_kills, r.isk_destroyed AS closed_isk_destroyed,
       r.kills + late.kills + diff.kills AS kills,
       r.isk_destroyed + late.isk_destroyed + diff.isk_destroyed AS isk_destroyed
FROM top_rankings r
CROSS JOIN LATERAL (
    SELECT coalesce(sum(l.kills), 0) AS kills, coalesce(sum(l.isk_destroyed), 0) AS isk_destroyed
    FROM late_rollup_deltas l
    WHERE l.entity_kind = r.entity_kind AND l.entity_id = r.entity_id
      AND l.day >= :ranked_since AND l.day < :ranked_until) AS late
CROSS JOIN LATERAL (
    SELECT coalesce(sum(CASE WHEN d.day >= :since AND d.day < :until THEN d.kills ELSE -d.kills END), 0) AS kills,
           coalesce(sum(CASE WHEN d.day >= :since AND d.day < :until THEN d.isk_destroyed ELSE -d.isk_destroyed END), 0)
               AS isk_destroyed
    FROM entity_daily d
    WHERE d.entity_kind = r.entity_kind AND d.entity_id = r.entity_id AND d.day = ANY (CAST(:days AS date[]))
      AND NOT d.npc) AS diff
WHERE r.window_days = :window AND r.entity_kind = :kind AND r.by_isk = :by_isk AND r.rank <= :ranks
ORDER BY r.rank
