-- Killmails of a character, corporation, alliance or ship type on one side (:losses = its losses), newest first:
-- its entity_daily rows newest day first (entity_daily_pkey, backwards) and each row's killmail_ids, whose entries
-- give each killmail's time (evedmv_killmail_time) and the sides taken (entry & 3: 1 a kill, 2 a loss, 3 both;
-- evedmv_killmail_entry). The marker below becomes the kind's code at start-up. Rows come in day order, so a page
-- decodes and sorts only the days it reads. The page joins killmails by primary key; a killmail of an archived
-- month has no row there and is left out.
SELECT killmail_id, killmail_time
FROM (SELECT d.day, e.id AS killmail_id, evedmv_killmail_time(d.day, e.n) AS killmail_time
      FROM entity_daily d
      CROSS JOIN LATERAL evedmv_list_entries(d.killmail_ids) AS e
      WHERE d.entity_kind = /*KIND*/ AND d.entity_id = :id AND (NOT d.npc OR :include_npc)
        AND d.day <= (CAST(:before_time AS timestamptz) AT TIME ZONE 'UTC')::date
        AND e.n & CASE WHEN :losses THEN 2 ELSE 1 END <> 0) AS listed
WHERE killmail_time <= :before_time AND (killmail_time < :before_time OR killmail_id < :before_id)
ORDER BY day DESC, killmail_time DESC, killmail_id DESC
LIMIT :page_size
