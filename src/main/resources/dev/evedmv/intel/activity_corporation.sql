-- Killmails of the corporation on one side (:losses = victim), newest first, from participants_corporation_time (index-only).
SELECT DISTINCT killmail_id, killmail_time
FROM participants
WHERE corporation_id = :id AND is_victim = :losses AND (NOT is_npc OR :include_npc)
  AND killmail_time <= :before_time AND (killmail_time < :before_time OR killmail_id < :before_id)
ORDER BY killmail_time DESC, killmail_id DESC
LIMIT :page_size
