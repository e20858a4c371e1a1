--liquibase formatted sql

--changeset evedmv:012-add-counts-function splitStatements:false
--comment: adds two {"id": count} objects key by key; the upsert of entity_daily merges top-list counts with it
CREATE FUNCTION evedmv_add_counts(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    -- walks only b (an increment: usually a few keys), looking each key up in a
    SELECT CASE
        WHEN b = '{}' THEN a
        WHEN a = '{}' THEN b
        ELSE a || (SELECT jsonb_object_agg(key, coalesce((a ->> key)::integer, 0) + value::integer)
                   FROM jsonb_each_text(b))
    END
$$;
COMMENT ON FUNCTION evedmv_add_counts(jsonb, jsonb) IS 'key-wise sum of two {"id": count} objects: merges the top-list counts of entity_daily on upsert';
--rollback DROP FUNCTION evedmv_add_counts(jsonb, jsonb);

--changeset evedmv:012-compact-rollups
--comment: the per-day top-list counts move from three tables of one row per (entity, day, item) into three {"id": count} columns of entity_daily: a thirteenth of the rows, written by one upsert instead of four
ALTER TABLE entity_daily
    ADD COLUMN ships   jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN systems jsonb NOT NULL DEFAULT '{}',
    ADD COLUMN members jsonb NOT NULL DEFAULT '{}';
COMMENT ON COLUMN entity_daily.ships IS 'top_ships: {"ship type id": kills} — kills of the day on which the entity''s own pilots (any attacker for ships, systems, regions) flew that ship type';
COMMENT ON COLUMN entity_daily.systems IS 'top_systems: {"solar system id": kills} of the day ({} for systems themselves)';
COMMENT ON COLUMN entity_daily.members IS 'top_members (corporations, alliances): {"character id": kills} of the day';
UPDATE entity_daily d SET ships = s.counts
FROM (SELECT entity_kind, entity_id, day, npc, jsonb_object_agg(ship_type_id::text, kills) AS counts
      FROM entity_daily_ships GROUP BY 1, 2, 3, 4) AS s
WHERE (d.entity_kind, d.entity_id, d.day, d.npc) = (s.entity_kind, s.entity_id, s.day, s.npc);
UPDATE entity_daily d SET systems = s.counts
FROM (SELECT entity_kind, entity_id, day, npc, jsonb_object_agg(solar_system_id::text, kills) AS counts
      FROM entity_daily_systems GROUP BY 1, 2, 3, 4) AS s
WHERE (d.entity_kind, d.entity_id, d.day, d.npc) = (s.entity_kind, s.entity_id, s.day, s.npc);
UPDATE entity_daily d SET members = s.counts
FROM (SELECT entity_kind, entity_id, day, npc, jsonb_object_agg(character_id::text, kills) AS counts
      FROM entity_daily_members GROUP BY 1, 2, 3, 4) AS s
WHERE (d.entity_kind, d.entity_id, d.day, d.npc) = (s.entity_kind, s.entity_id, s.day, s.npc);
DROP TABLE entity_daily_ships;
DROP TABLE entity_daily_systems;
DROP TABLE entity_daily_members;
--rollback CREATE TABLE entity_daily_ships (entity_kind smallint NOT NULL CHECK (entity_kind BETWEEN 1 AND 6), entity_id bigint NOT NULL, day date NOT NULL, npc boolean NOT NULL, ship_type_id integer NOT NULL, kills integer NOT NULL, PRIMARY KEY (entity_kind, entity_id, day, npc, ship_type_id));
--rollback CREATE TABLE entity_daily_systems (entity_kind smallint NOT NULL CHECK (entity_kind BETWEEN 1 AND 6), entity_id bigint NOT NULL, day date NOT NULL, npc boolean NOT NULL, solar_system_id integer NOT NULL, kills integer NOT NULL, PRIMARY KEY (entity_kind, entity_id, day, npc, solar_system_id));
--rollback CREATE TABLE entity_daily_members (entity_kind smallint NOT NULL CHECK (entity_kind IN (2, 3)), entity_id bigint NOT NULL, day date NOT NULL, npc boolean NOT NULL, character_id bigint NOT NULL, kills integer NOT NULL, PRIMARY KEY (entity_kind, entity_id, day, npc, character_id));
--rollback INSERT INTO entity_daily_ships SELECT entity_kind, entity_id, day, npc, key::integer, value::integer FROM entity_daily, jsonb_each_text(ships);
--rollback INSERT INTO entity_daily_systems SELECT entity_kind, entity_id, day, npc, key::integer, value::integer FROM entity_daily, jsonb_each_text(systems);
--rollback INSERT INTO entity_daily_members SELECT entity_kind, entity_id, day, npc, key::bigint, value::integer FROM entity_daily, jsonb_each_text(members);
--rollback ALTER TABLE entity_daily DROP COLUMN ships, DROP COLUMN systems, DROP COLUMN members;
