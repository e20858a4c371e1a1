-- The kinds and months whose monthly lists are missing or out of date: built up to another day than the
-- month's settled end (its next month, or :settled_until within the current month: the days before
-- yesterday), or from other entity_daily rows than those there now (their count or kills moved: a late
-- killmail, or a past month imported). Newest months first. The months come from rollup_days (a row per
-- kind and day of entity_daily); each one's figures from an index-only range of entity_daily_kind_day.
SELECT m.entity_kind, m.month, m.until
FROM (SELECT DISTINCT entity_kind, date_trunc('month', day)::date AS month
      FROM rollup_days
      WHERE entity_kind BETWEEN evedmv_kind('corporation') AND evedmv_kind('region')
        AND day < CAST(:settled_until AS date)) AS r
CROSS JOIN LATERAL (
    SELECT r.entity_kind, r.month,
           least((r.month + interval '1 month')::date, CAST(:settled_until AS date)) AS until) AS m
CROSS JOIN LATERAL (
    SELECT count(*) AS days, coalesce(sum(d.kills), 0) AS kills
    FROM entity_daily d
    WHERE d.entity_kind = m.entity_kind AND d.day >= m.month AND d.day < m.until) AS now
LEFT JOIN entity_monthly_builds b ON b.entity_kind = m.entity_kind AND b.month = m.month
WHERE b.month IS NULL OR b.until <> m.until OR b.days <> now.days OR b.kills <> now.kills
ORDER BY m.month DESC, m.entity_kind
