-- The rankings of every kind: the days each counts and whether a write reached those days since it
-- was built (the sum of their rollup_days versions moved). For the upkeep, not for top lists.
SELECT b.entity_kind, b.window_days, b.until, b.duration_ms,
       b.version_sum <> (SELECT coalesce(sum(r.version), 0) FROM rollup_days r
                         WHERE r.entity_kind = b.entity_kind AND r.day >= b.since AND r.day < b.until) AS changed
FROM top_ranking_builds b
ORDER BY b.entity_kind, b.window_days
