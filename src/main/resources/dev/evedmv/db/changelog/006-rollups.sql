--liquibase formatted sql

--changeset evedmv:006-entity-daily
CREATE TABLE entity_daily (
    entity_kind        smallint       NOT NULL CHECK (entity_kind BETWEEN 1 AND 6),
    entity_id          bigint         NOT NULL,
    day                date           NOT NULL,
    npc                boolean        NOT NULL,
    kills              integer        NOT NULL DEFAULT 0,
    losses             integer        NOT NULL DEFAULT 0,
    solo_kills         integer        NOT NULL DEFAULT 0,
    solo_losses        integer        NOT NULL DEFAULT 0,
    final_blows        integer        NOT NULL DEFAULT 0,
    isk_destroyed      numeric(24, 2) NOT NULL DEFAULT 0,
    isk_lost           numeric(24, 2) NOT NULL DEFAULT 0,
    attackers_on_kills bigint         NOT NULL DEFAULT 0,
    hourly_kills       integer[]      NOT NULL DEFAULT array_fill(0, ARRAY[24]),
    PRIMARY KEY (entity_kind, entity_id, day, npc)
);
COMMENT ON TABLE entity_daily IS 'per entity per UTC day (npc killmails apart): kills, losses, solo, final blows, ISK, attackers summed over kills, kills by hour; maintained at ingest for new killmails only';
COMMENT ON COLUMN entity_daily.entity_kind IS '1 character, 2 corporation, 3 alliance, 4 ship type, 5 solar system, 6 region';
COMMENT ON COLUMN entity_daily.hourly_kills IS 'kills by UTC hour 0-23 of this day; with the day''s weekday this gives the hour-of-week heatmap';
COMMENT ON INDEX entity_daily_pkey IS 'entity summaries: totals, monthly series and heatmap over [since, until) by day';
--rollback DROP TABLE entity_daily;

--changeset evedmv:006-entity-daily-top-lists
CREATE TABLE entity_daily_ships (
    entity_kind  smallint NOT NULL CHECK (entity_kind BETWEEN 1 AND 6),
    entity_id    bigint   NOT NULL,
    day          date     NOT NULL,
    npc          boolean  NOT NULL,
    ship_type_id integer  NOT NULL,
    kills        integer  NOT NULL,
    PRIMARY KEY (entity_kind, entity_id, day, npc, ship_type_id)
);
COMMENT ON TABLE entity_daily_ships IS 'per entity per day: kills on which the entity''s own pilots (any attacker for ships, systems, regions) flew each ship type';
COMMENT ON INDEX entity_daily_ships_pkey IS 'entity summaries: top_ships over [since, until)';

CREATE TABLE entity_daily_systems (
    entity_kind     smallint NOT NULL CHECK (entity_kind BETWEEN 1 AND 6),
    entity_id       bigint   NOT NULL,
    day             date     NOT NULL,
    npc             boolean  NOT NULL,
    solar_system_id integer  NOT NULL,
    kills           integer  NOT NULL,
    PRIMARY KEY (entity_kind, entity_id, day, npc, solar_system_id)
);
COMMENT ON TABLE entity_daily_systems IS 'per entity per day: kills per solar system';
COMMENT ON INDEX entity_daily_systems_pkey IS 'entity summaries: top_systems over [since, until)';

CREATE TABLE entity_daily_members (
    entity_kind  smallint NOT NULL CHECK (entity_kind IN (2, 3)),
    entity_id    bigint   NOT NULL,
    day          date     NOT NULL,
    npc          boolean  NOT NULL,
    character_id bigint   NOT NULL,
    kills        integer  NOT NULL,
    PRIMARY KEY (entity_kind, entity_id, day, npc, character_id)
);
COMMENT ON TABLE entity_daily_members IS 'per corporation or alliance per day: kills per member character';
COMMENT ON INDEX entity_daily_members_pkey IS 'corporation and alliance summaries: top_members over [since, until)';
--rollback DROP TABLE entity_daily_members;
--rollback DROP TABLE entity_daily_systems;
--rollback DROP TABLE entity_daily_ships;
