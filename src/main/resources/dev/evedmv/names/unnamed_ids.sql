-- Characters, corporations and alliances on killmails since :since that have no names row yet (the resolver's new work).
SELECT ids.id
FROM (
    SELECT character_id AS id FROM participants WHERE killmail_time >= :since AND character_id IS NOT NULL
    UNION
    SELECT corporation_id FROM participants WHERE killmail_time >= :since AND corporation_id IS NOT NULL
    UNION
    SELECT alliance_id FROM participants WHERE killmail_time >= :since AND alliance_id IS NOT NULL
) ids
WHERE NOT EXISTS (SELECT 1 FROM names n WHERE n.id = ids.id)
LIMIT :limit
