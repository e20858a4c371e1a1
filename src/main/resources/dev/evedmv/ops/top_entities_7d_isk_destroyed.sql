-- Top entities of one kind over the last 7 days by isk_destroyed, from the materialized view (as of its last refresh).
SELECT entity_id, kills, isk_destroyed
FROM top_entities_7d
WHERE entity_kind = :kind
ORDER BY isk_destroyed DESC, entity_id
LIMIT :limit
