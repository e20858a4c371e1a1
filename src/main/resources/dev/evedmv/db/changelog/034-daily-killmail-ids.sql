--liquibase formatted sql

--changeset evedmv:034-daily-killmail-ids splitStatements:false
--comment: each entity-day of a character, corporation, alliance or ship type lists its killmails with the side the entity took, so that activity lists, associates and affiliations read them from entity_daily instead of four indexes over every participant
ALTER TABLE entity_daily ADD COLUMN killmail_ids text NOT NULL DEFAULT '';
COMMENT ON COLUMN entity_daily.killmail_ids IS 'characters, corporations, alliances, ship types: the killmails of the day as killmail id:side, 1 a kill, 2 a loss, 3 both (a corporation whose member killed a corpmate); empty for systems and regions, whose killmails killmails_system_time and killmails_region_time find (a list in the form evedmv_list_add gives)';
-- The existing rows' lists, from the participants of their day (the indexes dropped below find them). A
-- function in USING makes ALTER rewrite the table once, so it does not double in size as an UPDATE would.
CREATE FUNCTION evedmv_migrate_killmail_ids(of_kind smallint, of_id bigint, of_day date, of_npc boolean)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(CASE WHEN side = 1 THEN killmail_id::text ELSE killmail_id || ':' || side END, ','
                               ORDER BY killmail_id), '')
    FROM (SELECT killmail_id, bit_or(CASE WHEN is_victim THEN 2 ELSE 1 END) AS side
          FROM (SELECT killmail_id, is_victim, is_npc FROM participants
                WHERE of_kind = 1 AND character_id = of_id
                  AND killmail_time >= of_day::timestamp AT TIME ZONE 'UTC'
                  AND killmail_time < (of_day + 1)::timestamp AT TIME ZONE 'UTC'
                UNION ALL
                SELECT killmail_id, is_victim, is_npc FROM participants
                WHERE of_kind = 2 AND corporation_id = of_id
                  AND killmail_time >= of_day::timestamp AT TIME ZONE 'UTC'
                  AND killmail_time < (of_day + 1)::timestamp AT TIME ZONE 'UTC'
                UNION ALL
                SELECT killmail_id, is_victim, is_npc FROM participants
                WHERE of_kind = 3 AND alliance_id = of_id
                  AND killmail_time >= of_day::timestamp AT TIME ZONE 'UTC'
                  AND killmail_time < (of_day + 1)::timestamp AT TIME ZONE 'UTC'
                UNION ALL
                SELECT killmail_id, is_victim, is_npc FROM participants
                WHERE of_kind = 4 AND ship_type_id = of_id
                  AND killmail_time >= of_day::timestamp AT TIME ZONE 'UTC'
                  AND killmail_time < (of_day + 1)::timestamp AT TIME ZONE 'UTC') AS rows_of_entity
          WHERE is_npc = of_npc
          GROUP BY killmail_id) AS sides
$$;
ALTER TABLE entity_daily ALTER COLUMN killmail_ids TYPE text
    USING evedmv_migrate_killmail_ids(entity_kind, entity_id, day, npc);
DROP FUNCTION evedmv_migrate_killmail_ids(smallint, bigint, date, boolean);
--rollback ALTER TABLE entity_daily DROP COLUMN killmail_ids;

--changeset evedmv:034-drop-entity-time-indexes
--comment: the four indexes of every participant by entity and time served the activity lists, associates and affiliations, which entity_daily.killmail_ids now serves: a third of the bytes of participants
DROP INDEX participants_character_time;
DROP INDEX participants_corporation_time;
DROP INDEX participants_alliance_time;
DROP INDEX participants_ship_time;
--rollback CREATE INDEX participants_character_time ON participants (character_id, killmail_time DESC) INCLUDE (killmail_id, is_victim, is_npc) WHERE character_id IS NOT NULL;
--rollback COMMENT ON INDEX participants_character_time IS 'the activity lists of a character and its kills (associates), newest first, index-only; its affiliation (newest row)';
--rollback CREATE INDEX participants_corporation_time ON participants (corporation_id, killmail_time DESC) INCLUDE (killmail_id, is_victim, is_npc) WHERE corporation_id IS NOT NULL;
--rollback COMMENT ON INDEX participants_corporation_time IS 'the activity lists of a corporation, newest first, index-only; its affiliation (newest row)';
--rollback CREATE INDEX participants_alliance_time ON participants (alliance_id, killmail_time DESC) INCLUDE (killmail_id, is_victim, is_npc) WHERE alliance_id IS NOT NULL;
--rollback COMMENT ON INDEX participants_alliance_time IS 'the activity lists of an alliance, newest first, index-only';
--rollback CREATE INDEX participants_ship_time ON participants (ship_type_id, killmail_time DESC) INCLUDE (killmail_id, is_victim, is_npc) WHERE ship_type_id IS NOT NULL;
--rollback COMMENT ON INDEX participants_ship_time IS 'the activity lists of a ship type, newest first, index-only';
