--liquibase formatted sql

--changeset evedmv:002-sde-categories-groups-types
CREATE TABLE sde_categories (
    category_id integer PRIMARY KEY,
    name        text    NOT NULL,
    published   boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE sde_categories IS 'EVE static data: inventory categories (6 = ship)';
COMMENT ON INDEX sde_categories_pkey IS 'category by id: type classification at ingest and in answers';

CREATE TABLE sde_groups (
    group_id    integer PRIMARY KEY,
    category_id integer NOT NULL,
    name        text    NOT NULL,
    published   boolean NOT NULL DEFAULT true
);
COMMENT ON TABLE sde_groups IS 'EVE static data: inventory groups (29 capsule, 31 shuttle, 237 rookie ship)';
COMMENT ON INDEX sde_groups_pkey IS 'group by id: type classification at ingest and in answers';

CREATE TABLE sde_types (
    type_id         integer PRIMARY KEY,
    group_id        integer NOT NULL,
    name            text    NOT NULL,
    published       boolean NOT NULL DEFAULT true,
    mass            double precision,
    volume          double precision,
    base_price      numeric(20, 2),
    market_group_id integer
);
COMMENT ON TABLE sde_types IS 'EVE static data: item and ship types; rows CCP removed are deleted on the next load';
COMMENT ON INDEX sde_types_pkey IS 'type by id: ship and item names in answers, classification at ingest';
CREATE INDEX sde_types_name_trgm ON sde_types USING gin (lower(name) gin_trgm_ops);
COMMENT ON INDEX sde_types_name_trgm IS 'search: ship type names by prefix and trigram similarity';
--rollback DROP TABLE sde_types;
--rollback DROP TABLE sde_groups;
--rollback DROP TABLE sde_categories;

--changeset evedmv:002-sde-map
CREATE TABLE sde_regions (
    region_id integer PRIMARY KEY,
    name      text    NOT NULL
);
COMMENT ON TABLE sde_regions IS 'EVE static data: regions';
COMMENT ON INDEX sde_regions_pkey IS 'region by id: names in answers';

CREATE TABLE sde_constellations (
    constellation_id integer PRIMARY KEY,
    region_id        integer NOT NULL,
    name             text    NOT NULL
);
COMMENT ON TABLE sde_constellations IS 'EVE static data: constellations';
COMMENT ON INDEX sde_constellations_pkey IS 'constellation by id: system to region at ingest';

CREATE TABLE sde_systems (
    system_id        integer PRIMARY KEY,
    constellation_id integer NOT NULL,
    region_id        integer NOT NULL,
    name             text    NOT NULL,
    security         double precision NOT NULL,
    security_class   text
);
COMMENT ON TABLE sde_systems IS 'EVE static data: solar systems with their security status; 31000000-31999999 are w-space';
COMMENT ON INDEX sde_systems_pkey IS 'system by id: names, security band and region at ingest and in answers';
CREATE INDEX sde_systems_name_trgm ON sde_systems USING gin (lower(name) gin_trgm_ops);
COMMENT ON INDEX sde_systems_name_trgm IS 'search: solar system names by prefix and trigram similarity';
CREATE INDEX sde_systems_region ON sde_systems (region_id, system_id);
COMMENT ON INDEX sde_systems_region IS 'region answers: the systems of a region';
--rollback DROP TABLE sde_systems;
--rollback DROP TABLE sde_constellations;
--rollback DROP TABLE sde_regions;

--changeset evedmv:002-sde-loads-and-prices
CREATE TABLE sde_loads (
    load_id     bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    source      text        NOT NULL,
    format      text        NOT NULL,
    build       text,
    loaded_at   timestamptz NOT NULL DEFAULT now(),
    duration_ms integer     NOT NULL,
    row_counts  jsonb       NOT NULL,
    changes     jsonb       NOT NULL
);
COMMENT ON TABLE sde_loads IS 'one row per static data load: what was loaded, from where, how many rows, what changed';
COMMENT ON INDEX sde_loads_pkey IS 'sde status: the latest loads';

CREATE TABLE prices (
    type_id        integer PRIMARY KEY,
    average_price  numeric(20, 2),
    adjusted_price numeric(20, 2),
    updated_at     timestamptz NOT NULL DEFAULT now()
);
COMMENT ON TABLE prices IS 'price table (ESI /markets/prices/ shape) for valuing killmails that carry no zkb value';
COMMENT ON INDEX prices_pkey IS 'price by type id: killmail valuation at ingest';
--rollback DROP TABLE prices;
--rollback DROP TABLE sde_loads;
