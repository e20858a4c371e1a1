--liquibase formatted sql

--changeset evedmv:004-killmail-directory
CREATE TABLE killmail_directory (
    killmail_id   bigint      PRIMARY KEY,
    killmail_time timestamptz NOT NULL
);
COMMENT ON TABLE killmail_directory IS 'every stored killmail id with its time: the exactly-once gate of ingest and the partition key for lookups by id';
COMMENT ON INDEX killmail_directory_pkey IS 'ingest dedup (INSERT ON CONFLICT DO NOTHING) and killmail detail: id to killmail_time for partition pruning';
--rollback DROP TABLE killmail_directory;

--changeset evedmv:004-killmails
CREATE TABLE killmails (
    killmail_id               bigint         NOT NULL,
    killmail_time             timestamptz    NOT NULL,
    solar_system_id           integer        NOT NULL,
    constellation_id          integer,
    region_id                 integer,
    security                  real,
    security_band             text           NOT NULL CHECK (security_band IN ('highsec', 'lowsec', 'nullsec', 'wspace', 'unknown')),
    moon_id                   integer,
    war_id                    integer,
    hash                      text,
    victim_character_id       bigint,
    victim_corporation_id     bigint,
    victim_alliance_id        bigint,
    victim_faction_id         integer,
    victim_ship_type_id       integer        NOT NULL,
    victim_damage_taken       integer        NOT NULL,
    attacker_count            integer        NOT NULL,
    final_blow_character_id   bigint,
    final_blow_corporation_id bigint,
    final_blow_alliance_id    bigint,
    final_blow_ship_type_id   integer,
    total_value               numeric(20, 2) NOT NULL DEFAULT 0,
    fitted_value              numeric(20, 2),
    dropped_value             numeric(20, 2),
    destroyed_value           numeric(20, 2),
    zkb_points                integer,
    value_source              text           NOT NULL CHECK (value_source IN ('zkb', 'computed', 'none')),
    is_npc                    boolean        NOT NULL,
    is_solo                   boolean        NOT NULL,
    is_awox                   boolean        NOT NULL,
    labels                    text[]         NOT NULL DEFAULT '{}',
    source                    text           NOT NULL,
    ingested_at               timestamptz    NOT NULL DEFAULT now(),
    PRIMARY KEY (killmail_id, killmail_time)
) PARTITION BY RANGE (killmail_time);
COMMENT ON TABLE killmails IS 'one row per killmail with its derived facts (value, npc/solo/awox, attacker count, security band, region); monthly partitions';
COMMENT ON INDEX killmails_pkey IS 'killmail detail by id and time (time from killmail_directory)';
CREATE INDEX killmails_system_time ON killmails (solar_system_id, killmail_time DESC)
    INCLUDE (killmail_id, is_npc, is_solo, total_value, attacker_count, victim_ship_type_id);
COMMENT ON INDEX killmails_system_time IS 'system answers: kills in a system over a time range, index-only; system activity lists';
CREATE INDEX killmails_region_time ON killmails (region_id, killmail_time DESC)
    INCLUDE (killmail_id, solar_system_id, is_npc, is_solo, total_value, attacker_count, victim_ship_type_id);
COMMENT ON INDEX killmails_region_time IS 'region answers: kills in a region over a time range, index-only; region activity lists';
CREATE INDEX killmails_time ON killmails (killmail_time DESC) INCLUDE (killmail_id, is_npc, total_value);
COMMENT ON INDEX killmails_time IS 'recent killmails feed and top lists over a window';
--rollback DROP TABLE killmails;

--changeset evedmv:004-killmail-payloads
CREATE TABLE killmail_payloads (
    killmail_id   bigint      NOT NULL,
    killmail_time timestamptz NOT NULL,
    esi           jsonb       NOT NULL,
    zkb           jsonb,
    PRIMARY KEY (killmail_id, killmail_time)
) PARTITION BY RANGE (killmail_time);
COMMENT ON TABLE killmail_payloads IS 'raw ESI killmail and zkb block as received (TOAST-compressed jsonb), so every killmail can be re-derived';
COMMENT ON INDEX killmail_payloads_pkey IS 'raw payload by killmail: re-derivation, db verify and killmail detail items';
--rollback DROP TABLE killmail_payloads;
