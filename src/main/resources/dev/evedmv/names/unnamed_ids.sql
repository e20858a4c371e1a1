-- Characters, corporations and alliances on killmails since :since that have no names row yet (the resolver's new
-- work): every one of them has an entity_daily row for the day of each of its killmails (entity_daily_kind_day).
SELECT DISTINCT d.entity_id AS id
FROM entity_daily d
WHERE d.entity_kind IN (evedmv_kind('character'), evedmv_kind('corporation'), evedmv_kind('alliance'))
  AND d.day >= CAST(:since AS date)
  AND NOT EXISTS (SELECT 1 FROM names n WHERE n.id = d.entity_id)
LIMIT :limit
