-- db verify: every ranking's build record, and whether it is current (the rollup_days versions of its days
-- still sum to what it recorded: a top list reads it only then).
SELECT b.entity_kind, b.window_days, b.since, b.until, b.complete,
       b.version_sum = (SELECT coalesce(sum(r.version), 0) FROM rollup_days r
                        WHERE r.entity_kind = b.entity_kind AND r.day >= b.since AND r.day < b.until) AS current
FROM top_ranking_builds b
ORDER BY b.entity_kind, b.window_days
