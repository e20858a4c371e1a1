-- docs/battles.md, kept current: for each system asked with the first and last time of the killmails
-- just stored (or of a range to recompute), the span to recompute, from the last gap of more than 15
-- minutes before the first to the first such gap after the last (a gap starts a new cluster whatever
-- came before), and the span's non-npc killmails in (killmail_time, killmail_id) order. A span with
-- no killmail left comes back once with a null killmail_id, so that its battles are deleted.
-- The walks read killmails_system_time backwards and forwards from the new killmails and stop at the first gap.
WITH asked AS MATERIALIZED (
    SELECT a.system_id, a.first_time, a.last_time
    FROM unnest(CAST(:systems AS integer[]), CAST(:firsts AS timestamptz[]), CAST(:lasts AS timestamptz[]))
        AS a(system_id, first_time, last_time)
),
-- materialized: each span is walked once, never again per killmail row of a plan that filters on it
spans AS MATERIALIZED (
    SELECT a.system_id,
           coalesce((SELECT w.killmail_time
                     FROM (SELECT k.killmail_time,
                                  lead(k.killmail_time) OVER (ORDER BY k.killmail_time DESC) AS before
                           FROM killmails k
                           WHERE k.solar_system_id = a.system_id AND k.killmail_time <= a.first_time
                             AND NOT k.is_npc
                           ORDER BY k.killmail_time DESC) AS w
                     WHERE w.before IS NULL OR w.killmail_time - w.before > interval '15 minutes'
                     LIMIT 1), a.first_time) AS span_start,
           coalesce((SELECT w.killmail_time
                     FROM (SELECT k.killmail_time,
                                  lead(k.killmail_time) OVER (ORDER BY k.killmail_time) AS after
                           FROM killmails k
                           WHERE k.solar_system_id = a.system_id AND k.killmail_time >= a.last_time
                             AND NOT k.is_npc
                           ORDER BY k.killmail_time) AS w
                     WHERE w.after IS NULL OR w.after - w.killmail_time > interval '15 minutes'
                     LIMIT 1), a.last_time) AS span_end
    FROM asked a
)
SELECT s.system_id, s.span_start, s.span_end, k.killmail_id, k.killmail_time, k.region_id, k.total_value
FROM spans s
LEFT JOIN LATERAL (SELECT k.killmail_id, k.killmail_time, k.region_id, k.total_value
                   FROM killmails k
                   WHERE k.solar_system_id = s.system_id
                     AND k.killmail_time >= s.span_start AND k.killmail_time <= s.span_end
                     AND NOT k.is_npc) AS k ON true
ORDER BY s.system_id, k.killmail_time, k.killmail_id
