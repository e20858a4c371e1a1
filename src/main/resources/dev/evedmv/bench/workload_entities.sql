-- The busiest entities of one kind over [since, until): kills plus losses, npc killmails left out, busiest first.
SELECT entity_id
  FROM entity_daily
 WHERE entity_kind = :kind AND NOT npc AND day >= :since AND day < :until
 GROUP BY entity_id
 ORDER BY sum(kills + losses) DESC, entity_id
 LIMIT :limit
