-- Names for the entries of a summary's lists and for the entity itself: ship types and systems from
-- the static data, regions too, everyone else from names. An id without a name is left out.
SELECT 'ship' AS list, type_id::bigint AS id, name FROM sde_types WHERE type_id = ANY(:ships)
UNION ALL
SELECT 'system', system_id::bigint, name FROM sde_systems WHERE system_id = ANY(:systems)
UNION ALL
SELECT 'region', region_id::bigint, name FROM sde_regions WHERE region_id = ANY(:regions)
UNION ALL
SELECT 'name', id, name FROM names WHERE id = ANY(:names)
