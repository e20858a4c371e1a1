-- docs/battles.md, sides: the participants of a battle's killmails (victim and attackers), by killmail (participants_killmail).
SELECT p.killmail_id, p.is_victim, p.character_id, p.corporation_id, p.alliance_id, p.ship_type_id
FROM unnest(CAST(:ids AS bigint[]), CAST(:times AS timestamptz[])) AS b(killmail_id, killmail_time)
JOIN participants p ON p.killmail_id = b.killmail_id AND p.killmail_time = b.killmail_time
ORDER BY p.killmail_id, p.slot
