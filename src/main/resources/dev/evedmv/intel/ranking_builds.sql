-- The rankings of one kind: the days [since, until) each counts.
SELECT window_days, since, until, complete, version_sum
FROM top_ranking_builds
WHERE entity_kind = :kind
