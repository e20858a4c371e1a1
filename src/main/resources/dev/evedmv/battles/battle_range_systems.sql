-- docs/battles.md, recomputed over a range (a backfilled month, db rederive): per system, the first and
-- last non-npc killmail of [:since, :until) and the first start and last end of its stored battles
-- there, so that the spans cover both what is stored and what should be.
SELECT system_id, min(first_time) AS first_time, max(last_time) AS last_time
FROM (SELECT k.solar_system_id AS system_id, min(k.killmail_time) AS first_time, max(k.killmail_time) AS last_time
      FROM killmails k
      WHERE k.killmail_time >= CAST(:since AS timestamptz) AND k.killmail_time < CAST(:until AS timestamptz)
        AND NOT k.is_npc
      GROUP BY k.solar_system_id
      UNION ALL
      SELECT b.solar_system_id, min(b.start_time), max(b.end_time)
      FROM battles b
      WHERE b.start_time >= CAST(:since AS timestamptz) AND b.start_time < CAST(:until AS timestamptz)
      GROUP BY b.solar_system_id) AS both_sources
GROUP BY system_id
ORDER BY system_id
