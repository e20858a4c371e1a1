-- docs/battles.md: the battle holding a killmail (none when it is in none), with its system's name.
SELECT b.battle_id, b.solar_system_id, sys.name AS system_name, b.region_id, b.start_time, b.end_time, b.killmails,
       b.killmail_ids, b.isk_destroyed, b.pilots, b.sides
FROM battle_killmails m
JOIN battles b ON b.battle_id = m.battle_id
LEFT JOIN sde_systems sys ON sys.system_id = b.solar_system_id
WHERE m.killmail_id = :id
