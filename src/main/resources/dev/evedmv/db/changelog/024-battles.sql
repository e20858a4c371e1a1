--liquibase formatted sql

--changeset evedmv:024-battles
--comment: battle reports (docs/battles.md): clusters of at least 5 non-npc killmails in one system, kept current at ingest, with their sides
CREATE TABLE battles (
    battle_id       bigint         PRIMARY KEY,
    solar_system_id integer        NOT NULL,
    region_id       integer,
    start_time      timestamptz    NOT NULL,
    end_time        timestamptz    NOT NULL,
    killmails       integer        NOT NULL,
    killmail_ids    bigint[]       NOT NULL,
    isk_destroyed   numeric(20, 2) NOT NULL,
    pilots          integer        NOT NULL,
    sides           jsonb          NOT NULL
);
COMMENT ON TABLE battles IS 'docs/battles.md: one row per battle (a cluster of at least 5 non-npc killmails of one system), with its sides; derived from killmails and participants at ingest';
COMMENT ON COLUMN battles.battle_id IS 'the id of the battle''s first killmail by (killmail_time, killmail_id): stable while the battle does not change';
COMMENT ON COLUMN battles.killmail_ids IS 'the battle''s killmails, ascending by id';
COMMENT ON COLUMN battles.sides IS 'the sides as docs/battles.md decides them: lead group, alliances, corporations, characters, kills, losses, isk_lost, ships; names are joined when read';
COMMENT ON INDEX battles_pkey IS 'a battle by id: /api/v1/battles/{id} and the killmail''s battle';
CREATE INDEX battles_time ON battles (start_time DESC, battle_id DESC);
COMMENT ON INDEX battles_time IS 'battle list: newest first over [since, until), keyset pages';
CREATE INDEX battles_system_time ON battles (solar_system_id, start_time DESC, battle_id DESC);
COMMENT ON INDEX battles_system_time IS 'battle list of one system; ingest replaces the battles of a system over a span of time';
CREATE INDEX battles_region_time ON battles (region_id, start_time DESC, battle_id DESC);
COMMENT ON INDEX battles_region_time IS 'battle list of one region';

CREATE TABLE battle_killmails (
    killmail_id bigint NOT NULL PRIMARY KEY,
    battle_id   bigint NOT NULL REFERENCES battles (battle_id) ON DELETE CASCADE
);
COMMENT ON TABLE battle_killmails IS 'docs/battles.md: the battle of each killmail that is in one (at most one)';
COMMENT ON INDEX battle_killmails_pkey IS 'a killmail''s battle: /api/v1/killmails/{id}/battle';
CREATE INDEX battle_killmails_battle ON battle_killmails (battle_id);
COMMENT ON INDEX battle_killmails_battle IS 'deleting a battle deletes its killmails'' rows (ON DELETE CASCADE)';
--rollback DROP TABLE battle_killmails;
--rollback DROP TABLE battles;
