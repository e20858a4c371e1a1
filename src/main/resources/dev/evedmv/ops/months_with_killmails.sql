-- The months that hold killmails, as the rollups know them: rollup_days keeps one row per entity kind
-- and day with killmails (archived months included), so the system kind lists every such day.
SELECT DISTINCT date_trunc('month', day)::date AS month
FROM rollup_days
WHERE entity_kind = 5
ORDER BY month
