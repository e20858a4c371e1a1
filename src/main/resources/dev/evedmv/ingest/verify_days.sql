-- db verify: every day that holds killmails or rollups, with its killmails (0 for a day of rollups alone),
-- ascending: the verifier cuts them into chunks of a bounded number of killmails. The days of entity_daily
-- are read by skipping along entity_daily_kind_day, one probe per (kind, day), not by reading every row.
WITH RECURSIVE rollup_days AS (
    (SELECT entity_kind, day FROM entity_daily ORDER BY entity_kind, day LIMIT 1)
    UNION ALL
    SELECT n.entity_kind, n.day
    FROM rollup_days r
    CROSS JOIN LATERAL (SELECT entity_kind, day FROM entity_daily e
                        WHERE (e.entity_kind, e.day) > (r.entity_kind, r.day)
                        ORDER BY entity_kind, day LIMIT 1) AS n
)
SELECT day, sum(killmails)::bigint AS killmails
FROM (SELECT (killmail_time AT TIME ZONE 'UTC')::date AS day, count(*) AS killmails
      FROM killmail_directory
      GROUP BY 1
      UNION ALL
      SELECT DISTINCT day, 0
      FROM rollup_days) AS days
GROUP BY day
ORDER BY day
