-- The names of some entities of a kind, null where there is none yet.
SELECT t.id, coalesce(n.name, ship.name, sys.name, region.name) AS name
FROM unnest(CAST(:ids AS bigint[])) AS t(id)
LEFT JOIN names n ON CAST(:kind AS integer) IN (evedmv_kind('character'), evedmv_kind('corporation'),
                                              evedmv_kind('alliance'))
                   AND n.id = t.id
LEFT JOIN sde_types ship ON CAST(:kind AS integer) = evedmv_kind('ship') AND ship.type_id = t.id
LEFT JOIN sde_systems sys ON CAST(:kind AS integer) = evedmv_kind('system') AND sys.system_id = t.id
LEFT JOIN sde_regions region ON CAST(:kind AS integer) = evedmv_kind('region') AND region.region_id = t.id
