-- Top entities of one kind over the last 30 days by kills, from the materialized view (as of its last refresh).
SELECT entity_id, kills, isk_destroyed
FROM top_entities_30d
WHERE entity_kind = :kind
ORDER BY kills DESC, entity_id
LIMIT :limit
