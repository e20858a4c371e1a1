-- docs/battles.md: one battle by id, with its system's name.
SELECT b.battle_id, b.solar_system_id, sys.name AS system_name, b.region_id, b.start_time, b.end_time, b.killmails,
       b.killmail_ids, b.isk_destroyed, b.pilots, b.sides
FROM battles b
LEFT JOIN sde_systems sys ON sys.system_id = b.solar_system_id
WHERE b.battle_id = :id
