-- The rankings of every kind: the days [since, until) each counts, whether a write reached those days
-- since it was built without logging (the sum of their rollup_days versions moved), and how many late
-- deltas of the kind wait to be counted by the next build. For the upkeep, not for top lists.
SELECT b.entity_kind, b.window_days, b.since, b.until, b.duration_ms,
       b.version_sum <> (SELECT coalesce(sum(r.version), 0) FROM rollup_days r
                         WHERE r.entity_kind = b.entity_kind AND r.day >= b.since AND r.day < b.until) AS changed,
       (SELECT count(*) FROM late_rollup_deltas l WHERE l.entity_kind = b.entity_kind) AS late_deltas
FROM top_ranking_builds b
ORDER BY b.entity_kind, b.window_days
