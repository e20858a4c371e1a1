-- The sum of the rollup_days versions of one kind over [since, until): equal to a ranking's
-- version_sum while no write reached its days.
SELECT coalesce(sum(version), 0)
FROM rollup_days
WHERE entity_kind = :kind AND day >= :since AND day < :until
