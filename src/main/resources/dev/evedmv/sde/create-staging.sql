CREATE TEMP TABLE sde_stage_categories (
    category_id integer NOT NULL,
    name        text    NOT NULL,
    published   boolean NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE sde_stage_groups (
    group_id    integer NOT NULL,
    category_id integer NOT NULL,
    name        text    NOT NULL,
    published   boolean NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE sde_stage_types (
    type_id         integer NOT NULL,
    group_id        integer NOT NULL,
    name            text    NOT NULL,
    published       boolean,
    mass            double precision,
    volume          double precision,
    base_price      numeric(20, 2),
    market_group_id integer
) ON COMMIT DROP;
CREATE TEMP TABLE sde_stage_regions (
    region_id integer NOT NULL,
    name      text    NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE sde_stage_constellations (
    constellation_id integer NOT NULL,
    region_id        integer NOT NULL,
    name             text    NOT NULL
) ON COMMIT DROP;
CREATE TEMP TABLE sde_stage_systems (
    system_id        integer NOT NULL,
    constellation_id integer NOT NULL,
    region_id        integer,
    name             text    NOT NULL,
    security         double precision NOT NULL,
    security_class   text
) ON COMMIT DROP;
CREATE TEMP TABLE sde_stage_factions (
    faction_id     integer NOT NULL,
    name           text    NOT NULL,
    corporation_id integer
) ON COMMIT DROP;
CREATE TEMP TABLE sde_stage_npc_corporations (
    corporation_id integer NOT NULL,
    name           text    NOT NULL,
    faction_id     integer
) ON COMMIT DROP
