-- The killmails in the region, newest first, from killmails_region_time (index-only); a region has no losses.
SELECT killmail_id, killmail_time
FROM killmails
WHERE region_id = :id AND NOT :losses AND (NOT is_npc OR :include_npc)
  AND killmail_time <= :before_time AND (killmail_time < :before_time OR killmail_id < :before_id)
ORDER BY killmail_time DESC, killmail_id DESC
LIMIT :page_size
