--liquibase formatted sql

--changeset evedmv:021-entity-kind-function splitStatements:false
-- The counting rules of docs/counting-rules.md, each defined once for the SQL: every query calls these
-- functions instead of restating an id threshold, a kind code or the number of day leaders. Each rule is an
-- IMMUTABLE, PARALLEL SAFE LANGUAGE sql function whose body is one expression, so the planner inlines it
-- and folds it to the same constant or comparison a query would spell out: index use and plans stay as
-- they are. evedmv_merge_leaders and evedmv_leaders_floor (014) are redefined to take their count from
-- evedmv_day_leaders(). CountingRuleFunctionsTest checks them against the Java constants (EntityKind, Derivation,
-- RollupDays.LEADERS).
CREATE FUNCTION evedmv_kind(kind_name text) RETURNS smallint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CAST(CASE kind_name WHEN 'character' THEN 1 WHEN 'corporation' THEN 2 WHEN 'alliance' THEN 3
                               WHEN 'ship' THEN 4 WHEN 'system' THEN 5 WHEN 'region' THEN 6 END AS smallint)
$$;
COMMENT ON FUNCTION evedmv_kind(text) IS 'counting-rules.md §3: the entity_kind code of an entity kind by its name (character 1, corporation 2, alliance 3, ship 4, system 5, region 6; as EntityKind), null for any other name';
--rollback DROP FUNCTION evedmv_kind(text);

--changeset evedmv:021-player-functions splitStatements:false
CREATE FUNCTION evedmv_last_npc_id(kind integer) RETURNS bigint
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CAST(CASE kind WHEN evedmv_kind('character') THEN 3999999
                          WHEN evedmv_kind('corporation') THEN 1999999 ELSE 0 END AS bigint)
$$;
COMMENT ON FUNCTION evedmv_last_npc_id(integer) IS 'counting-rules.md §1: the highest NPC id of an entity kind (characters 3,999,999, corporations 1,999,999; 0 for the kinds without NPCs); as Derivation.LAST_NPC_CHARACTER_ID and LAST_NPC_CORPORATION_ID';

CREATE FUNCTION evedmv_is_player(kind integer, id bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT id > evedmv_last_npc_id(kind)
$$;
COMMENT ON FUNCTION evedmv_is_player(integer, bigint) IS 'counting-rules.md §1: the entity is no NPC character or corporation (every alliance, ship type, system and region is); as EntityKind.isPlayer';

CREATE FUNCTION evedmv_is_player_character(character_id bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT character_id > evedmv_last_npc_id(evedmv_kind('character'))
$$;
COMMENT ON FUNCTION evedmv_is_player_character(bigint) IS 'counting-rules.md §1: a player character''s id (null for null); as Derivation.isPlayerCharacter';

CREATE FUNCTION evedmv_is_player_corporation(corporation_id bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT corporation_id > evedmv_last_npc_id(evedmv_kind('corporation'))
$$;
COMMENT ON FUNCTION evedmv_is_player_corporation(bigint) IS 'counting-rules.md §1: a player corporation''s id (null for null); as Derivation.isPlayerCorporation';
--rollback DROP FUNCTION evedmv_is_player_corporation(bigint);
--rollback DROP FUNCTION evedmv_is_player_character(bigint);
--rollback DROP FUNCTION evedmv_is_player(integer, bigint);
--rollback DROP FUNCTION evedmv_last_npc_id(integer);

--changeset evedmv:021-killmail-fact-functions splitStatements:false
CREATE FUNCTION evedmv_is_npc(player_attackers integer) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT player_attackers = 0
$$;
COMMENT ON FUNCTION evedmv_is_npc(integer) IS 'counting-rules.md §2, npc: no attacker is a player character; as Derivation.isNpc';

CREATE FUNCTION evedmv_is_solo(player_attackers integer, victim_ship_category integer, victim_ship_group integer)
RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(player_attackers = 1 AND victim_ship_category = 6 AND victim_ship_group NOT IN (29, 31, 237), false)
$$;
COMMENT ON FUNCTION evedmv_is_solo(integer, integer, integer) IS 'counting-rules.md §2, solo: one player character among the attackers, the victim''s ship a ship (category 6) other than a capsule (29), shuttle (31) or rookie ship (237); a null category or group (a type the static data does not know) is no ship; as Derivation.isSolo';

CREATE FUNCTION evedmv_is_awox(victim_corporation bigint, final_blow_corporation bigint) RETURNS boolean
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(evedmv_is_player_corporation(victim_corporation) AND victim_corporation = final_blow_corporation, false)
$$;
COMMENT ON FUNCTION evedmv_is_awox(bigint, bigint) IS 'counting-rules.md §2, awox: the final blow came from the victim''s own corporation, a player corporation; as Derivation.isAwox';
--rollback DROP FUNCTION evedmv_is_awox(bigint, bigint);
--rollback DROP FUNCTION evedmv_is_solo(integer, integer, integer);
--rollback DROP FUNCTION evedmv_is_npc(integer);

--changeset evedmv:021-day-leaders-function splitStatements:false
CREATE FUNCTION evedmv_day_leaders() RETURNS integer
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT 50
$$;
COMMENT ON FUNCTION evedmv_day_leaders() IS 'how many leaders rollup_days keeps per kind and day, by non-npc kills and by ISK destroyed (figure descending, then id); as RollupDays.LEADERS';

CREATE OR REPLACE FUNCTION evedmv_merge_leaders(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(id, value), '{}')
    FROM (SELECT id, max(value) AS value
          FROM (SELECT key AS id, value::numeric AS value FROM jsonb_each_text(a)
                UNION ALL
                SELECT key, value::numeric FROM jsonb_each_text(b)) AS both_lists
          GROUP BY id
          ORDER BY 2 DESC, 1
          LIMIT evedmv_day_leaders()) AS top
$$;
COMMENT ON FUNCTION evedmv_merge_leaders(jsonb, jsonb) IS 'the evedmv_day_leaders() largest of two {"id": figure} lists of one day, an id''s larger figure where both hold it (figures only grow)';

CREATE OR REPLACE FUNCTION evedmv_leaders_floor(leaders jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN count(*) >= evedmv_day_leaders() THEN min(value::numeric) ELSE 0 END FROM jsonb_each_text(leaders)
$$;
COMMENT ON FUNCTION evedmv_leaders_floor(jsonb) IS 'the most any entity missing from a full list of evedmv_day_leaders() leaders has: the smallest figure listed (0 while fewer are listed, as every entity is)';
--rollback CREATE OR REPLACE FUNCTION evedmv_leaders_floor(leaders jsonb) RETURNS numeric
--rollback LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
--rollback     SELECT CASE WHEN count(*) >= 50 THEN min(value::numeric) ELSE 0 END FROM jsonb_each_text(leaders)
--rollback $$;
--rollback COMMENT ON FUNCTION evedmv_leaders_floor(jsonb) IS 'the most any entity missing from a full list of 50 leaders has: the smallest figure listed (0 while fewer are listed, as every entity is)';
--rollback CREATE OR REPLACE FUNCTION evedmv_merge_leaders(a jsonb, b jsonb) RETURNS jsonb
--rollback LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
--rollback     SELECT coalesce(jsonb_object_agg(id, value), '{}')
--rollback     FROM (SELECT id, max(value) AS value
--rollback           FROM (SELECT key AS id, value::numeric AS value FROM jsonb_each_text(a)
--rollback                 UNION ALL
--rollback                 SELECT key, value::numeric FROM jsonb_each_text(b)) AS both_lists
--rollback           GROUP BY id
--rollback           ORDER BY 2 DESC, 1
--rollback           LIMIT 50) AS top
--rollback $$;
--rollback COMMENT ON FUNCTION evedmv_merge_leaders(jsonb, jsonb) IS 'the 50 largest of two {"id": figure} lists of one day, an id''s larger figure where both hold it (figures only grow)';
--rollback DROP FUNCTION evedmv_day_leaders();
