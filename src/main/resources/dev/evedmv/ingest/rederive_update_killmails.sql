-- db rederive: the changed killmails' rows rewritten with what they derive to now (their source and the time
-- they were ingested kept).
UPDATE killmails k
SET solar_system_id = n.solar_system_id, constellation_id = n.constellation_id, region_id = n.region_id,
    security = n.security, security_band = n.security_band, moon_id = n.moon_id, war_id = n.war_id, hash = n.hash,
    victim_character_id = n.victim_character_id, victim_corporation_id = n.victim_corporation_id,
    victim_alliance_id = n.victim_alliance_id, victim_faction_id = n.victim_faction_id,
    victim_ship_type_id = n.victim_ship_type_id, victim_damage_taken = n.victim_damage_taken,
    attacker_count = n.attacker_count, final_blow_character_id = n.final_blow_character_id,
    final_blow_corporation_id = n.final_blow_corporation_id, final_blow_alliance_id = n.final_blow_alliance_id,
    final_blow_ship_type_id = n.final_blow_ship_type_id, total_value = n.total_value, fitted_value = n.fitted_value,
    dropped_value = n.dropped_value, destroyed_value = n.destroyed_value, zkb_points = n.zkb_points,
    value_source = n.value_source, is_npc = n.is_npc, is_solo = n.is_solo, is_awox = n.is_awox, labels = n.labels,
    player_attacker_ids = n.player_attacker_ids
FROM rederive_killmails n
JOIN rederive_changed c ON c.killmail_id = n.killmail_id AND c.killmail_time = n.killmail_time
WHERE k.killmail_id = n.killmail_id AND k.killmail_time = n.killmail_time
  AND k.killmail_time >= CAST(:first AS timestamptz) AND k.killmail_time <= CAST(:last AS timestamptz)
