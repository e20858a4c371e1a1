-- db verify: the killmails of one chunk of days [from, until) (their participants staged) whose player_attacker_ids are not the
-- player characters among their attackers (as bytes, evedmv_id_bytes), that have participants and no killmails row, or
-- whose participant rows are not the victim and each attacker once (slots 0 to attacker_count, each once: participants
-- have no unique key), ascending, each once.
-- NULL player_attacker_ids (an archive of before migration 015 restored) is no difference: readers take those
-- killmails' attackers from participants.
SELECT p.killmail_id || CASE WHEN k.killmail_id IS NULL THEN ' has participants and no killmails row'
                             WHEN w.rows_wrong THEN ' has ' || p.rows || ' participant rows in ' || p.slots
                                                     || ' slots, attacker_count ' || k.attacker_count
                             ELSE ' stored ' || evedmv_id_array(k.player_attacker_ids)::text || ', participants '
                                  || coalesce(p.ids, '{}')::text END
FROM (SELECT killmail_id, killmail_time,
             array_agg(DISTINCT character_id ORDER BY character_id) FILTER (WHERE NOT is_victim AND evedmv_is_player_character(character_id)) AS ids,
             count(*) AS rows, count(DISTINCT slot) AS slots,
             count(*) <> count(DISTINCT slot) OR min(slot) <> 0 OR max(slot) <> count(*) - 1 AS slots_wrong
      FROM stage_participants
      GROUP BY killmail_id, killmail_time) AS p
LEFT JOIN killmails k
  ON k.killmail_id = p.killmail_id AND k.killmail_time = p.killmail_time
 AND k.killmail_time >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC'
 AND k.killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
CROSS JOIN LATERAL (SELECT p.slots_wrong OR p.rows <> k.attacker_count + 1 AS rows_wrong) AS w
WHERE k.killmail_id IS NULL
   OR w.rows_wrong
   OR (k.player_attacker_ids IS DISTINCT FROM evedmv_id_bytes(coalesce(p.ids, '{}')) AND k.player_attacker_ids IS NOT NULL)
ORDER BY p.killmail_id
