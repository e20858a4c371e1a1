-- One page of the kills or losses, newest first, names joined (the victim's and the final blow's): (killmail_time, killmail_id)
-- strictly before the cursor (:before_time, :before_id); :page_size rows (one more than the page,
-- to tell whether another follows). The marker below becomes the index scan of the entity kind.
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
           'final_blow', json_build_object(
               'character_id', k.final_blow_character_id,
               'character_name', final_character.name,
               'corporation_id', k.final_blow_corporation_id,
               'corporation_name', final_corporation.name,
               'alliance_id', k.final_blow_alliance_id,
               'alliance_name', final_alliance.name,
               'ship_type_id', k.final_blow_ship_type_id,
               'ship_name', final_ship.name),
           'total_value', k.total_value,
           'attacker_count', k.attacker_count)
       ORDER BY k.killmail_time DESC, k.killmail_id DESC), '[]')::text
FROM (
/*ENTITY_KILLMAILS*/
) AS page
JOIN killmails k ON k.killmail_id = page.killmail_id AND k.killmail_time = page.killmail_time
LEFT JOIN sde_systems sys ON sys.system_id = k.solar_system_id
LEFT JOIN sde_types ship ON ship.type_id = k.victim_ship_type_id
LEFT JOIN names victim_character ON victim_character.id = k.victim_character_id
LEFT JOIN names victim_corporation ON victim_corporation.id = k.victim_corporation_id
LEFT JOIN names victim_alliance ON victim_alliance.id = k.victim_alliance_id
LEFT JOIN names final_character ON final_character.id = k.final_blow_character_id
LEFT JOIN names final_corporation ON final_corporation.id = k.final_blow_corporation_id
LEFT JOIN names final_alliance ON final_alliance.id = k.final_blow_alliance_id
LEFT JOIN sde_types final_ship ON final_ship.type_id = k.final_blow_ship_type_id
