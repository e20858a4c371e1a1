--liquibase formatted sql

--changeset evedmv:034-killmail-entry-functions splitStatements:false
--comment: how entity_daily.killmail_ids lists a killmail: its time as the second of its UTC day, and the side taken
CREATE FUNCTION evedmv_second_of_day(t timestamptz) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT (floor(extract(epoch FROM t))::bigint % 86400)::integer
$$;
COMMENT ON FUNCTION evedmv_second_of_day(timestamptz) IS 'the second of its UTC day of a time (0-86399); killmail times are kept to the second';
CREATE FUNCTION evedmv_killmail_entry(second_of_day integer, kill boolean, loss boolean) RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 4 * second_of_day + CASE WHEN kill THEN 1 ELSE 0 END + CASE WHEN loss THEN 2 ELSE 0 END
$$;
COMMENT ON FUNCTION evedmv_killmail_entry(integer, boolean, boolean) IS 'the count of a killmail''s entry in entity_daily.killmail_ids (as RollupDeltas.killmailEntry): 4 * its second of the UTC day + the side the entity took, 1 a kill, 2 a loss, 3 both; entry & 3 is the side, evedmv_killmail_time the time';
CREATE FUNCTION evedmv_killmail_time(day date, entry bigint) RETURNS timestamptz
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT day::timestamp AT TIME ZONE 'UTC' + (entry / 4) * interval '1 second'
$$;
COMMENT ON FUNCTION evedmv_killmail_time(date, bigint) IS 'the time of a killmail listed in entity_daily.killmail_ids from its row''s day and its entry (evedmv_killmail_entry)';
--rollback DROP FUNCTION evedmv_killmail_time(date, bigint);
--rollback DROP FUNCTION evedmv_killmail_entry(integer, boolean, boolean);
--rollback DROP FUNCTION evedmv_second_of_day(timestamptz);

--changeset evedmv:034-daily-killmail-ids splitStatements:false
--comment: each entity-day of a character, corporation, alliance or ship type lists its killmails with their time of day and the side the entity took, so that activity lists, associates and affiliations read them from entity_daily instead of four indexes over every participant
ALTER TABLE entity_daily ADD COLUMN killmail_ids text NOT NULL DEFAULT '';
COMMENT ON COLUMN entity_daily.killmail_ids IS 'characters, corporations, alliances, ship types: the killmails of the day as killmail id:entry, the entry 4 * the second of the UTC day of the killmail + the side taken, 1 a kill, 2 a loss, 3 both (evedmv_killmail_entry); empty for systems and regions, whose killmails killmails_system_time and killmails_region_time find (a list in the form evedmv_list_add gives)';
-- The existing rows' lists, from the participants of their day (the indexes dropped below find them). A
-- function in USING makes ALTER rewrite the table once, so it does not double in size as an UPDATE would.
CREATE FUNCTION evedmv_migrate_killmail_ids(of_kind smallint, of_id bigint, of_day date, of_npc boolean)
RETURNS text LANGUAGE sql STABLE AS $$
    SELECT coalesce(string_agg(CASE WHEN entry = 1 THEN killmail_id::text ELSE killmail_id || ':' || entry END, ','
                               ORDER BY killmail_id), '')
    FROM (SELECT killmail_id, evedmv_killmail_entry(evedmv_second_of_day(min(killmail_time)), bool_or(NOT is_victim),
                                                    bool_or(is_victim)) AS entry
          FROM (SELECT killmail_id, killmail_time, is_victim, is_npc FROM participants
                WHERE of_kind = 1 AND character_id = of_id
                  AND killmail_time >= of_day::timestamp AT TIME ZONE 'UTC'
                  AND killmail_time < (of_day + 1)::timestamp AT TIME ZONE 'UTC'
                UNION ALL
                SELECT killmail_id, killmail_time, is_victim, is_npc FROM participants
                WHERE of_kind = 2 AND corporation_id = of_id
                  AND killmail_time >= of_day::timestamp AT TIME ZONE 'UTC'
                  AND killmail_time < (of_day + 1)::timestamp AT TIME ZONE 'UTC'
                UNION ALL
                SELECT killmail_id, killmail_time, is_victim, is_npc FROM participants
                WHERE of_kind = 3 AND alliance_id = of_id
                  AND killmail_time >= of_day::timestamp AT TIME ZONE 'UTC'
                  AND killmail_time < (of_day + 1)::timestamp AT TIME ZONE 'UTC'
                UNION ALL
                SELECT killmail_id, killmail_time, is_victim, is_npc FROM participants
                WHERE of_kind = 4 AND ship_type_id = of_id
                  AND killmail_time >= of_day::timestamp AT TIME ZONE 'UTC'
                  AND killmail_time < (of_day + 1)::timestamp AT TIME ZONE 'UTC') AS rows_of_entity
          WHERE is_npc = of_npc
          GROUP BY killmail_id) AS entries
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
