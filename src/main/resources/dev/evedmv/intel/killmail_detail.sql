-- One killmail with every participant in slot order, names joined, as one JSON document (document), and its stored
-- ESI payload (esi, a zstd frame: KillmailItems reads the victim's items from it and looks up their types with
-- killmail_item_types.sql). killmail_directory gives the killmail_time, so killmails, participants and the payload
-- are read from one partition. No row when the killmail is unknown.
SELECT json_build_object(
    'killmail_id', k.killmail_id,
    'killmail_time', to_char(k.killmail_time AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"'),
    'solar_system_id', k.solar_system_id,
    'solar_system_name', sys.name,
    'region_id', k.region_id,
    'region_name', region.name,
    'security', k.security,
    'security_band', k.security_band,
    'total_value', k.total_value,
    'npc', k.is_npc,
    'solo', k.is_solo,
    'awox', k.is_awox,
    'labels', to_json(k.labels),
    -- the names of the categories its cat:N labels name (KillmailLabels makes the labels readable)
    'category_names', (SELECT json_object_agg(c.category_id, c.name) FROM sde_categories c
                       WHERE 'cat:' || c.category_id = ANY (k.labels)),
    'attacker_count', k.attacker_count,
    'participants', (
        SELECT json_agg(json_build_object(
                   'slot', p.slot,
                   'victim', p.is_victim,
                   'character_id', p.character_id,
                   'character_name', character_name.name,
                   'corporation_id', p.corporation_id,
                   'corporation_name', corporation_name.name,
                   'alliance_id', p.alliance_id,
                   'alliance_name', alliance_name.name,
                   'faction_id', p.faction_id,
                   'ship_type_id', p.ship_type_id,
                   'ship_name', ship.name,
                   'weapon_type_id', p.weapon_type_id,
                   'weapon_name', weapon.name,
                   'damage', p.damage,
                   'final_blow', p.final_blow,
                   'security_status', p.security_status)
               ORDER BY p.slot)
        FROM participants p
        LEFT JOIN names character_name ON character_name.id = p.character_id
        LEFT JOIN names corporation_name ON corporation_name.id = p.corporation_id
        LEFT JOIN names alliance_name ON alliance_name.id = p.alliance_id
        LEFT JOIN sde_types ship ON ship.type_id = p.ship_type_id
        LEFT JOIN sde_types weapon ON weapon.type_id = p.weapon_type_id
        WHERE p.killmail_id = k.killmail_id AND p.killmail_time = k.killmail_time))::text AS document,
       payload.esi
FROM killmail_directory d
JOIN killmails k ON k.killmail_id = d.killmail_id AND k.killmail_time = d.killmail_time
LEFT JOIN killmail_payloads payload ON payload.killmail_id = k.killmail_id AND payload.killmail_time = k.killmail_time
LEFT JOIN sde_systems sys ON sys.system_id = k.solar_system_id
LEFT JOIN sde_regions region ON region.region_id = k.region_id
WHERE d.killmail_id = :id
