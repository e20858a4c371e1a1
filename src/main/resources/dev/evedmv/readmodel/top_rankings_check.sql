-- db verify, the rankings of one kind that are current (:windows: their days' rollup_days versions still sum
-- to what their build recorded): each recomputed as its build counted it (evedmv_ranking_totals: entity_daily
-- less the late deltas logged since, which the next build deletes) over the days [since, :until) its build
-- record says it counted (:since_7 … :since_all; a window not checked has since = :until). The first :length
-- non-npc players by kills and by ISK destroyed (then id) must be the stored ranks, and the build's complete
-- flag must say whether every entity with kills is ranked. Returns the rows checked, the differences, and
-- the first few as text.
WITH totals AS MATERIALIZED (
    SELECT window_days, entity_id, kills, isk_destroyed
    FROM evedmv_ranking_totals(:kind, :since_7, :since_30, :since_90, :since_365, :since_all, :until)
    WHERE window_days = ANY(CAST(:windows AS integer[]))
),
recomputed AS (
    SELECT * FROM (SELECT window_days, false AS by_isk, entity_id, kills, isk_destroyed,
                          row_number() OVER (PARTITION BY window_days ORDER BY kills DESC, entity_id) AS rank
                   FROM totals) AS by_kills
    WHERE rank <= :length
    UNION ALL
    SELECT * FROM (SELECT window_days, true, entity_id, kills, isk_destroyed,
                          row_number() OVER (PARTITION BY window_days ORDER BY isk_destroyed DESC, entity_id) AS rank
                   FROM totals) AS by_isk
    WHERE rank <= :length
),
stored AS (
    SELECT window_days, by_isk, entity_id, kills, isk_destroyed, rank
    FROM top_rankings
    WHERE entity_kind = :kind AND window_days = ANY(CAST(:windows AS integer[]))
),
differences AS (
    SELECT format('kind %s window %s %s rank %s: stored %s, recomputed %s', :kind, coalesce(s.window_days, r.window_days),
                  CASE WHEN coalesce(s.by_isk, r.by_isk) THEN 'by ISK' ELSE 'by kills' END, coalesce(s.rank, r.rank),
                  coalesce(s.entity_id || ' (' || s.kills || ' kills, ' || s.isk_destroyed || ' ISK)', 'nothing'),
                  coalesce(r.entity_id || ' (' || r.kills || ' kills, ' || r.isk_destroyed || ' ISK)', 'nothing'))
               AS difference
    FROM stored s
    FULL JOIN recomputed r ON r.window_days = s.window_days AND r.by_isk = s.by_isk AND r.rank = s.rank
    WHERE (s.entity_id, s.kills, s.isk_destroyed) IS DISTINCT FROM (r.entity_id, r.kills, r.isk_destroyed)
    UNION ALL
    SELECT format('kind %s window %s: the build says complete %s, %s entities have kills', :kind, b.window_days,
                  b.complete, coalesce(c.entities, 0))
    FROM top_ranking_builds b
    LEFT JOIN (SELECT window_days, count(*) AS entities FROM totals GROUP BY window_days) AS c
      ON c.window_days = b.window_days
    WHERE b.entity_kind = :kind AND b.window_days = ANY(CAST(:windows AS integer[]))
      AND b.complete <> (coalesce(c.entities, 0) <= :length)
)
SELECT (SELECT count(*) FROM stored) AS rows_checked,
       (SELECT count(*) FROM differences) AS differences,
       coalesce((SELECT array_agg(difference) FROM (SELECT difference FROM differences ORDER BY 1 LIMIT 5) AS first),
                '{}') AS samples
