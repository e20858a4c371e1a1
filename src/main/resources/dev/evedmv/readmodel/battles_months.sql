-- db verify, battles: the first and last month of [:since, :until) that hold a non-npc killmail or a battle start.
SELECT date_trunc('month', min(t) AT TIME ZONE 'UTC')::date AS first, date_trunc('month', max(t) AT TIME ZONE 'UTC')::date AS last
FROM (SELECT min(killmail_time) AS t FROM killmails
      WHERE killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
        AND killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
      UNION ALL
      SELECT max(killmail_time) FROM killmails
      WHERE killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
        AND killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
      UNION ALL
      SELECT min(start_time) FROM battles
      WHERE start_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
        AND start_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
      UNION ALL
      SELECT max(start_time) FROM battles
      WHERE start_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
        AND start_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC') AS ends
