-- db verify: the kinds and months whose monthly lists and daily heads are checked. Each build record with
-- whether it still holds (claimed: no write reached the kind's entity_daily rows of [month, until) since,
-- their rollup_days.writes still sum to what it recorded, so the lists hold exactly what a build would
-- make now); and the kinds and months that hold
-- lists or heads without a build record (a rederive drops a month's record), checked row by row only.
SELECT b.entity_kind, b.month, b.until, true AS built,
       b.writes_sum = (SELECT coalesce(sum(r.writes), 0) FROM rollup_days r
                       WHERE r.entity_kind = b.entity_kind AND r.day >= b.month AND r.day < b.until) AS claimed
FROM entity_monthly_builds b
WHERE b.month < CAST(:until AS date) AND b.until > CAST(:since AS date)
UNION ALL
SELECT o.entity_kind, o.month, (o.month + interval '1 month')::date, false, false
FROM (SELECT DISTINCT entity_kind, month FROM entity_monthly_lists
      UNION
      SELECT DISTINCT entity_kind, date_trunc('month', day)::date FROM entity_daily_heads) AS o
WHERE NOT EXISTS (SELECT 1 FROM entity_monthly_builds b WHERE b.entity_kind = o.entity_kind AND b.month = o.month)
  AND o.month < CAST(:until AS date) AND (o.month + interval '1 month')::date > CAST(:since AS date)
ORDER BY 2, 1
