-- db rederive: the killmails of the batch whose row (but for when it was ingested) or participants differ from
-- the ones derived again; first and last bound the batch's times, so that only its partitions are read.
INSERT INTO rederive_changed (killmail_id, killmail_time, old_region_id)
SELECT k.killmail_id, k.killmail_time, k.region_id
FROM killmails k
JOIN rederive_killmails n ON n.killmail_id = k.killmail_id AND n.killmail_time = k.killmail_time
WHERE k.killmail_time >= CAST(:first AS timestamptz) AND k.killmail_time <= CAST(:last AS timestamptz)
  AND ((to_jsonb(k) - 'ingested_at') IS DISTINCT FROM (to_jsonb(n) - 'ingested_at')
       OR (SELECT jsonb_agg(to_jsonb(p) ORDER BY p.slot) FROM participants p
           WHERE p.killmail_id = k.killmail_id AND p.killmail_time = k.killmail_time)
          IS DISTINCT FROM
          (SELECT jsonb_agg(to_jsonb(q) ORDER BY q.slot) FROM rederive_participants q
           WHERE q.killmail_id = k.killmail_id AND q.killmail_time = k.killmail_time))
