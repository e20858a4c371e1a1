-- The months that hold killmails, as the rollups know them: rollup_days keeps one row per entity kind
-- and day with killmails (archived months included), so the system kind (:system_kind) lists every such day.
SELECT DISTINCT date_trunc('month', day)::date AS month
FROM rollup_days
WHERE entity_kind = :system_kind
ORDER BY month
