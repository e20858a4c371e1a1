-- A character's associates (docs/counting-rules.md §3), the database's part: for each of the character's kills over
-- [:since, :until) (NPC kills too with :include_npc), the player characters among its attackers as an
-- array, the character itself among them. One row per kill: the kills are the entity_daily.killmail_ids of the
-- character's days in the window (entity_daily_pkey) with side 1 or 3 (entry & 1, evedmv_killmail_entry) and
-- their times (evedmv_killmail_time), each kill's attackers killmails.player_attacker_ids by primary key, the kill's time
-- pruning it to one partition. A killmail restored from an archive written before that column holds NULL there,
-- and its attackers are read from participants instead. The caller (Associates) counts them: grouping the hundreds of thousands of pairs of a busy pilot costs
-- the database more than listing them.
SELECT coalesce(k.player_attacker_ids,
           (SELECT coalesce(array_agg(p.character_id), '{}')
            FROM participants p
            WHERE p.killmail_id = k.killmail_id AND p.killmail_time = k.killmail_time
              AND NOT p.is_victim AND evedmv_is_player_character(p.character_id))) AS ids
FROM entity_daily d
CROSS JOIN LATERAL evedmv_list_entries(d.killmail_ids) AS e
-- LATERAL with LIMIT 1 keeps this a primary-key probe per kill: the planner cannot tell how many entries a list
-- holds, and would otherwise hash the whole of killmails
CROSS JOIN LATERAL (SELECT k.killmail_id, k.killmail_time, k.player_attacker_ids
                    FROM killmails k
                    WHERE k.killmail_id = e.id
                      AND k.killmail_time = evedmv_killmail_time(d.day, e.n)
                    LIMIT 1) AS k
WHERE d.entity_kind = evedmv_kind('character') AND d.entity_id = :id AND (NOT d.npc OR :include_npc)
  AND d.day >= CAST(:since AS date) AND d.day < CAST(:until AS date)
  AND e.n & 1 <> 0
