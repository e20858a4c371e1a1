-- A character's associates (docs/counting-rules.md §3), the database's part: for each of the character's kills over
-- [:since, :until) (NPC kills too with :include_npc), the player characters among its attackers, the character itself
-- among them, ascending and each once, as bytes (evedmv_id_bytes: sent as stored, without converting each id). One
-- row per kill: the kills are the entity_daily.killmail_ids of the character's days in the window
-- (entity_daily_pkey) with side 1 or 3 (entry & 1, evedmv_killmail_entry); their attackers are
-- killmails.player_attacker_ids, found by one scan of killmails_pkey per month of the window for the whole array of
-- ids (the scan steps through the sorted ids leaf by leaf instead of descending the index once per kill). A killmail
-- restored from an archive written before that column holds NULL there, and its attackers are read from
-- participants instead. The caller (Associates) counts them: grouping the hundreds of thousands of pairs of a busy
-- pilot costs the database more than listing them.
SELECT coalesce(k.player_attacker_ids,
           (SELECT evedmv_id_bytes(coalesce(array_agg(DISTINCT p.character_id ORDER BY p.character_id), '{}'))
            FROM participants p
            WHERE p.killmail_id = k.killmail_id AND p.killmail_time = k.killmail_time
              AND NOT p.is_victim AND evedmv_is_player_character(p.character_id))) AS ids
FROM killmails k
WHERE k.killmail_id = ANY (ARRAY(
        SELECT e.id
        FROM entity_daily d
        CROSS JOIN LATERAL evedmv_list_entries(d.killmail_ids) AS e
        WHERE d.entity_kind = evedmv_kind('character') AND d.entity_id = :id AND (NOT d.npc OR :include_npc)
          AND d.day >= CAST(:since AS date) AND d.day < CAST(:until AS date)
          AND e.n & 1 <> 0))
  AND k.killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
  AND k.killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC'
