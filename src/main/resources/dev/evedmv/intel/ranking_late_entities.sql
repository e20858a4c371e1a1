-- The entities of a kind that late killmails gave kills on a ranking's days [ranked_since,
-- ranked_until) since it was built (its build deleted those it counted).
SELECT DISTINCT entity_id
FROM late_rollup_deltas
WHERE entity_kind = :kind AND day >= :ranked_since AND day < :ranked_until
