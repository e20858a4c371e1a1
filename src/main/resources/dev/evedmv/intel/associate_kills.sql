-- A character's associates (docs/counting-rules.md §3), the database's part: for each of the character's kills over
-- [:since, :until) (NPC kills too with :include_npc), the player characters among its attackers as an
-- array, the character itself among them. One row per kill: the kills come index-only from
-- participants_character_time, each kill's attackers from killmails.player_attacker_ids by primary key,
-- the kill's time pruning it to one partition. A killmail restored from an archive written before that
-- column holds NULL there, and its attackers are read from participants instead. The caller (Associates)
-- counts them: grouping the hundreds of thousands of pairs of a busy pilot costs the database more than
-- listing them.
SELECT coalesce(k.player_attacker_ids,
           (SELECT coalesce(array_agg(p.character_id), '{}')
            FROM participants p
            WHERE p.killmail_id = k.killmail_id AND p.killmail_time = k.killmail_time
              AND p.killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
              AND p.killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
              AND NOT p.is_victim AND evedmv_is_player_character(p.character_id))) AS ids
FROM (SELECT DISTINCT killmail_id, killmail_time
      FROM participants
      WHERE character_id = :id AND NOT is_victim AND (NOT is_npc OR :include_npc)
        AND killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
        AND killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC') AS kills
JOIN killmails k ON k.killmail_id = kills.killmail_id AND k.killmail_time = kills.killmail_time
WHERE k.killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
  AND k.killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
