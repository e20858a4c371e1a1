-- Backfill: true when the month holds no killmail (its partition is absent or empty) and is not archived.
SELECT NOT EXISTS (SELECT 1 FROM archived_partitions WHERE month = CAST(:month AS date))
   AND NOT EXISTS (SELECT 1 FROM killmails
                   WHERE killmail_time >= CAST(:month AS date)::timestamp AT TIME ZONE 'UTC'
                     AND killmail_time < (CAST(:month AS date) + interval '1 month')::timestamp AT TIME ZONE 'UTC')
