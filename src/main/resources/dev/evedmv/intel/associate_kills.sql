-- A character's associates (DESIGN §5), the database's part: for each of the character's kills over
-- [:since, :until) (NPC kills too with :include_npc), the other player characters among its attackers as
-- text "id,id,…": one primary-key range of participants per kill, index-only, its killmail_time pruning it
-- to one partition. The caller (Associates) counts them, once per kill: grouping the hundreds of thousands
-- of pairs of a busy pilot costs the database more than looking them up.
SELECT o.ids
FROM (SELECT DISTINCT killmail_id, killmail_time
      FROM participants
      WHERE character_id = :id AND NOT is_victim AND (NOT is_npc OR :include_npc)
        AND killmail_time >= CAST(:since AS date)::timestamp AT TIME ZONE 'UTC'
        AND killmail_time < CAST(:until AS date)::timestamp AT TIME ZONE 'UTC') AS kills
CROSS JOIN LATERAL (
    SELECT string_agg(p.character_id::text, ',') AS ids
    FROM participants p
    WHERE p.killmail_id = kills.killmail_id AND p.killmail_time = kills.killmail_time
      AND NOT p.is_victim AND p.character_id > 3999999 AND p.character_id <> :id) AS o
WHERE o.ids IS NOT NULL
