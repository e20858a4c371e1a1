-- The days [since, until) of one kind that hold rollups: the first and the day after the last with a
-- rollup_days row (one per kind and day of entity_daily). Two ends of the primary key.
SELECT (SELECT min(day) FROM rollup_days WHERE entity_kind = :kind) AS since,
       (SELECT max(day) + 1 FROM rollup_days WHERE entity_kind = :kind) AS until
