-- The kinds and closed months (before the month of :today) whose monthly lists are missing or were built
-- from other entity_daily rows than those there now: their row count or kills moved (a late killmail, or
-- a past month imported). Newest months first. One index-only pass over entity_daily_kind_day.
SELECT d.entity_kind, d.month
FROM (SELECT entity_kind, date_trunc('month', day)::date AS month, count(*) AS days, sum(kills) AS kills
      FROM entity_daily
      WHERE entity_kind BETWEEN 2 AND 6 AND day < date_trunc('month', CAST(:today AS date))::date
      GROUP BY 1, 2) AS d
LEFT JOIN entity_monthly_builds b ON b.entity_kind = d.entity_kind AND b.month = d.month
WHERE b.month IS NULL OR b.days <> d.days OR b.kills <> d.kills
ORDER BY d.month DESC, d.entity_kind
