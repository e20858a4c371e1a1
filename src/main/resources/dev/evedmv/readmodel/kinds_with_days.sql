-- The entity kinds that have rows in entity_daily (rollup_days holds a row per kind and day of them):
-- the kinds whose top lists a ranking makes faster.
SELECT DISTINCT entity_kind FROM rollup_days ORDER BY entity_kind
