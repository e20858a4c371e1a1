-- Non-npc kills and ISK destroyed of some entities of a kind over [since, until), by primary key.
SELECT entity_id, sum(kills)::bigint AS kills, sum(isk_destroyed) AS isk_destroyed
FROM entity_daily
WHERE entity_kind = :kind AND entity_id = ANY (CAST(:ids AS bigint[])) AND day >= :since AND day < :until
  AND NOT npc
GROUP BY entity_id
