-- The kinds and months whose monthly lists are missing or out of date: built up to another day than the
-- month's settled end (its next month, or :settled_until within the current month: the days before
-- yesterday), or before a write to the kind's entity_daily rows of those days (the sum of their
-- rollup_days.writes moved: a late killmail, a past month imported, a rederive). Newest months first. One
-- pass over rollup_days (a row per kind and day of entity_daily).
SELECT m.entity_kind, m.month, m.until
FROM (SELECT r.entity_kind, r.month,
             least((r.month + interval '1 month')::date, CAST(:settled_until AS date)) AS until
      FROM (SELECT DISTINCT entity_kind, date_trunc('month', day)::date AS month
            FROM rollup_days
            WHERE entity_kind BETWEEN evedmv_kind('corporation') AND evedmv_kind('region')
              AND day < CAST(:settled_until AS date)) AS r) AS m
CROSS JOIN LATERAL (
    SELECT coalesce(sum(r.writes), 0) AS writes_sum
    FROM rollup_days r
    WHERE r.entity_kind = m.entity_kind AND r.day >= m.month AND r.day < m.until) AS now
LEFT JOIN entity_monthly_builds b ON b.entity_kind = m.entity_kind AND b.month = m.month
WHERE b.month IS NULL OR b.until <> m.until OR b.writes_sum <> now.writes_sum
ORDER BY m.month DESC, m.entity_kind
