-- db verify: every day that holds killmails or rollups, with its killmails (0 for a day of rollups alone),
-- ascending: the verifier cuts them into chunks of a bounded number of killmails.
SELECT day, sum(killmails)::bigint AS killmails
FROM (SELECT (killmail_time AT TIME ZONE 'UTC')::date AS day, count(*) AS killmails
      FROM killmail_directory
      GROUP BY 1
      UNION ALL
      SELECT DISTINCT day, 0
      FROM entity_daily) AS days
GROUP BY day
ORDER BY day
