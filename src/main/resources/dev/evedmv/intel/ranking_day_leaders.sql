-- The leaders of the :days a ranking does not count (by kills, or by ISK destroyed): one row per
-- day and leader, with the day's floor, the most that any entity not among them got that day;
-- a day without leaders has one row and a null entity. OFFSET 0 keeps the floor worked out once
-- per day rather than once per leader.
SELECT r.day, f.floor, e.key::bigint AS entity_id, e.value::numeric AS figure
FROM rollup_days r
CROSS JOIN LATERAL (SELECT CASE WHEN :by_isk THEN r.isk_leaders ELSE r.kill_leaders END AS leaders) AS l
CROSS JOIN LATERAL (SELECT evedmv_leaders_floor(l.leaders) AS floor OFFSET 0) AS f
LEFT JOIN LATERAL jsonb_each_text(l.leaders) AS e ON true
WHERE r.entity_kind = :kind AND r.day = ANY (CAST(:days AS date[]))
