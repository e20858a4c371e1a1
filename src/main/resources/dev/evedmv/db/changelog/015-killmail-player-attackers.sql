--liquibase formatted sql

--changeset evedmv:015-killmail-player-attackers
--comment: a character's associates read one array per kill instead of every participant row of it (about 100 per kill for a fleet pilot)
ALTER TABLE killmails ADD COLUMN player_attacker_ids bigint[];
COMMENT ON COLUMN killmails.player_attacker_ids IS 'the player characters among the attackers, ascending, each once; {} when none. NULL only in rows restored from an archive written before this column: read participants for those';
--rollback ALTER TABLE killmails DROP COLUMN player_attacker_ids;

--changeset evedmv:015-fill-player-attackers
--comment: fills the new column for the killmails stored before it, from their participants (one pass over each)
UPDATE killmails k
SET player_attacker_ids = coalesce(a.ids, '{}')
FROM (SELECT killmail_id, killmail_time,
             array_agg(DISTINCT character_id ORDER BY character_id) FILTER (WHERE NOT is_victim AND character_id > 3999999) AS ids
      FROM participants
      GROUP BY killmail_id, killmail_time) AS a
WHERE a.killmail_id = k.killmail_id AND a.killmail_time = k.killmail_time
  AND k.player_attacker_ids IS NULL;
--rollback SELECT 1;
