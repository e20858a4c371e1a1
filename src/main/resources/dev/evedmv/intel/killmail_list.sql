-- A list of killmails in the activity row's shape, names joined, in the order of the marker's select: the
-- biggest by total value (killmail_list_isk.sql) or the newest (killmail_list_newest.sql) of [since, until).
SELECT coalesce(json_agg(json_build_object(
           'killmail_id', k.killmail_id,
           'killmail_time', to_char(k.killmail_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'solar_system_id', k.solar_system_id,
           'solar_system_name', sys.name,
           'victim', json_build_object(
               'character_id', k.victim_character_id,
               'character_name', victim_character.name,
               'corporation_id', k.victim_corporation_id,
               'corporation_name', victim_corporation.name,
               'alliance_id', k.victim_alliance_id,
               'alliance_name', victim_alliance.name,
               'ship_type_id', k.victim_ship_type_id,
               'ship_name', ship.name),
           'total_value', k.total_value,
           'attacker_count', k.attacker_count)
       ORDER BY list.position), '[]')::text
FROM (
/*KILLMAILS*/
) AS list
JOIN killmails k ON k.killmail_id = list.killmail_id AND k.killmail_time = list.killmail_time
LEFT JOIN sde_systems sys ON sys.system_id = k.solar_system_id
LEFT JOIN sde_types ship ON ship.type_id = k.victim_ship_type_id
LEFT JOIN names victim_character ON victim_character.id = k.victim_character_id
LEFT JOIN names victim_corporation ON victim_corporation.id = k.victim_corporation_id
LEFT JOIN names victim_alliance ON victim_alliance.id = k.victim_alliance_id
