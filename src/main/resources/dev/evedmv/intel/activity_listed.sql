-- Killmails of a character, corporation, alliance or ship type on one side (:losses = its losses), newest first:
-- its entity_daily rows newest day first (entity_daily_pkey, backwards), each row's killmail_ids with the side
-- taken (1 a kill, 2 a loss, 3 both), and their times from killmails by primary key within the row's day. The
-- marker below becomes the kind's code (evedmv_kind) at start-up; rows come in day order, so a page sorts
-- only the killmails of the days it reads. A killmail of an archived month has no killmails row and is left out.
SELECT k.killmail_id, k.killmail_time
FROM entity_daily d
CROSS JOIN LATERAL evedmv_list_entries(d.killmail_ids) AS e
JOIN killmails k ON k.killmail_id = e.id
                AND k.killmail_time >= d.day::timestamp AT TIME ZONE 'UTC'
                AND k.killmail_time < (d.day + 1)::timestamp AT TIME ZONE 'UTC'
WHERE d.entity_kind = /*KIND*/ AND d.entity_id = :id AND (NOT d.npc OR :include_npc)
  AND d.day <= (CAST(:before_time AS timestamptz) AT TIME ZONE 'UTC')::date
  AND e.n & CASE WHEN :losses THEN 2 ELSE 1 END <> 0
  AND k.killmail_time <= :before_time AND (k.killmail_time < :before_time OR k.killmail_id < :before_id)
ORDER BY d.day DESC, k.killmail_time DESC, k.killmail_id DESC
LIMIT :page_size
