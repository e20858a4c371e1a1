-- a load with a types file is the full list: types it no longer has were removed by CCP
DELETE FROM sde_types t
 WHERE NOT EXISTS (SELECT 1 FROM sde_stage_types s WHERE s.type_id = t.type_id)
