-- Top entities of one kind over the last 30 days by isk_destroyed, from the materialized view (as of its last refresh).
SELECT entity_id, kills, isk_destroyed
FROM top_entities_30d
WHERE entity_kind = :kind
ORDER BY isk_destroyed DESC, entity_id
LIMIT :limit
