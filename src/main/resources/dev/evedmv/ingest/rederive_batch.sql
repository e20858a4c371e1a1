-- db rederive: the next stored killmails of [since, until) after (after_time, after_id) in time order, with their
-- raw payloads (zstd frames, decompressed by the caller); locked, so that two rederives never rewrite one killmail at the same time.
SELECT k.killmail_id, k.killmail_time, k.hash, k.source, p.esi, p.zkb
FROM killmails k
JOIN killmail_payloads p ON p.killmail_id = k.killmail_id AND p.killmail_time = k.killmail_time
WHERE k.killmail_time >= CAST(:since AS timestamptz) AND k.killmail_time < CAST(:until AS timestamptz)
  AND p.killmail_time >= CAST(:since AS timestamptz) AND p.killmail_time < CAST(:until AS timestamptz)
  AND (k.killmail_time, k.killmail_id) > (CAST(:after_time AS timestamptz), CAST(:after_id AS bigint))
ORDER BY k.killmail_time, k.killmail_id
LIMIT :limit
FOR UPDATE OF k
