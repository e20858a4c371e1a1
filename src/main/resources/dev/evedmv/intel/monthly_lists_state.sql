-- The kinds and closed months (before the month of :today) whose monthly lists are missing or were built
-- from other entity_daily rows than those there now: their row count or kills moved (a late killmail, or
-- a past month imported). Newest months first. The months come from rollup_days (a row per kind and day of
-- entity_daily); each one's figures from an index-only range of entity_daily_kind_day.
SELECT m.entity_kind, m.month
FROM (SELECT DISTINCT entity_kind, date_trunc('month', day)::date AS month
      FROM rollup_days
      WHERE entity_kind BETWEEN 2 AND 6 AND day < date_trunc('month', CAST(:today AS date))::date) AS m
CROSS JOIN LATERAL (
    SELECT count(*) AS days, coalesce(sum(d.kills), 0) AS kills
    FROM entity_daily d
    WHERE d.entity_kind = m.entity_kind AND d.day >= m.month AND d.day < m.month + interval '1 month') AS now
LEFT JOIN entity_monthly_builds b ON b.entity_kind = m.entity_kind AND b.month = m.month
WHERE b.month IS NULL OR b.days <> now.days OR b.kills <> now.kills
ORDER BY m.month DESC, m.entity_kind
