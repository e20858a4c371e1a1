-- Entities with the most killmails since :since (player activity only): the summaries the warmer keeps fresh.
SELECT entity_kind, entity_id
FROM entity_daily
WHERE day >= :since AND NOT npc
GROUP BY entity_kind, entity_id
ORDER BY sum(kills + losses) DESC, entity_kind, entity_id
LIMIT :limit
