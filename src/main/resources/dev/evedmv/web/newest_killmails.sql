-- The live feed: the newest killmails with an id above :after_id, newest first, at most :limit, each
-- as one JSON document (the shape of an activity row, plus region and npc). killmail_directory's
-- primary key finds the ids; its killmail_time prunes the join to one partition per killmail.
SELECT d.killmail_id,
       json_build_object(
           'killmail_id', k.killmail_id,
           'killmail_time', to_char(k.killmail_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
           'solar_system_id', k.solar_system_id,
           'solar_system_name', sys.name,
           'region_id', k.region_id,
           'region_name', region.name,
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
           'attacker_count', k.attacker_count,
           'npc', k.is_npc)::text AS document
FROM (
    SELECT killmail_id, killmail_time
    FROM killmail_directory
    WHERE killmail_id > :after_id
    ORDER BY killmail_id DESC
    LIMIT :limit
) AS d
JOIN killmails k ON k.killmail_id = d.killmail_id AND k.killmail_time = d.killmail_time
LEFT JOIN sde_systems sys ON sys.system_id = k.solar_system_id
LEFT JOIN sde_regions region ON region.region_id = k.region_id
LEFT JOIN sde_types ship ON ship.type_id = k.victim_ship_type_id
LEFT JOIN names victim_character ON victim_character.id = k.victim_character_id
LEFT JOIN names victim_corporation ON victim_corporation.id = k.victim_corporation_id
LEFT JOIN names victim_alliance ON victim_alliance.id = k.victim_alliance_id
ORDER BY d.killmail_id DESC
