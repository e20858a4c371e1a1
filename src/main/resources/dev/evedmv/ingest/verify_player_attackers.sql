-- db verify: the killmails of one chunk of days [from, until) (their participants staged) whose player_attacker_ids are not the
-- player characters among their attackers (as bytes, evedmv_id_bytes), or that have participants and no killmails row, ascending, each once.
-- NULL (an archive of before migration 015 restored) is no difference: readers take those killmails' attackers
-- from participants.
SELECT p.killmail_id || CASE WHEN k.killmail_id IS NULL THEN ' has participants and no killmails row'
                             ELSE ' stored ' || evedmv_id_array(k.player_attacker_ids)::text || ', participants '
                                  || coalesce(p.ids, '{}')::text END
FROM (SELECT killmail_id, killmail_time,
             array_agg(DISTINCT character_id ORDER BY character_id) FILTER (WHERE NOT is_victim AND evedmv_is_player_character(character_id)) AS ids
      FROM stage_participants
      GROUP BY killmail_id, killmail_time) AS p
LEFT JOIN killmails k
  ON k.killmail_id = p.killmail_id AND k.killmail_time = p.killmail_time
 AND k.killmail_time >= CAST(:from AS date)::timestamp AT TIME ZONE 'UTC'
 AND k.killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
WHERE k.killmail_id IS NULL
   OR (k.player_attacker_ids IS DISTINCT FROM evedmv_id_bytes(coalesce(p.ids, '{}')) AND k.player_attacker_ids IS NOT NULL)
ORDER BY p.killmail_id
