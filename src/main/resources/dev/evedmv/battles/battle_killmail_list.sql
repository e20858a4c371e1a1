-- docs/battles.md, the battle page: each stored killmail of a battle with its time, value, victim and final blow, in
-- (killmail_time, killmail_id) order; killmail_directory gives each time, so one partition is read per killmail.
SELECT k.killmail_id, k.killmail_time, k.total_value, k.victim_ship_type_id, t.name AS ship_name,
       k.victim_character_id, k.victim_corporation_id, k.victim_alliance_id,
       k.final_blow_character_id, k.final_blow_corporation_id, k.final_blow_alliance_id
FROM battles b
CROSS JOIN LATERAL unnest(b.killmail_ids) AS i(killmail_id)
JOIN killmail_directory d ON d.killmail_id = i.killmail_id
JOIN killmails k ON k.killmail_id = d.killmail_id AND k.killmail_time = d.killmail_time
LEFT JOIN sde_types t ON t.type_id = k.victim_ship_type_id
WHERE b.battle_id = :id
ORDER BY k.killmail_time, k.killmail_id
