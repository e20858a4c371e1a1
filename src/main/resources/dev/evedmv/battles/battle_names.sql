-- docs/battles.md: the names a battle's answer shows: ship types from the static data, the sides' lead
-- groups from names. An id without a name is left out.
SELECT 'ship' AS list, type_id::bigint AS id, name FROM sde_types WHERE type_id = ANY(CAST(:ships AS integer[]))
UNION ALL
SELECT 'name', id, name FROM names WHERE id = ANY(CAST(:names AS bigint[])) AND name IS NOT NULL
