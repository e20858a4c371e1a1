--liquibase formatted sql

--changeset evedmv:005-participants
CREATE TABLE participants (
    killmail_id     bigint         NOT NULL,
    killmail_time   timestamptz    NOT NULL,
    slot            smallint       NOT NULL,
    is_victim       boolean        NOT NULL,
    character_id    bigint,
    corporation_id  bigint,
    alliance_id     bigint,
    faction_id      integer,
    ship_type_id    integer,
    weapon_type_id  integer,
    damage          integer        NOT NULL,
    final_blow      boolean        NOT NULL,
    security_status real,
    solar_system_id integer        NOT NULL,
    region_id       integer,
    is_npc          boolean        NOT NULL,
    is_solo         boolean        NOT NULL,
    total_value     numeric(20, 2) NOT NULL,
    attacker_count  integer        NOT NULL,
    PRIMARY KEY (killmail_id, killmail_time, slot)
) PARTITION BY RANGE (killmail_time);
COMMENT ON TABLE participants IS 'victim (slot 0) and attackers (slot 1..n) of every killmail, with the killmail facts entity queries filter on; monthly partitions';
COMMENT ON INDEX participants_pkey IS 'killmail detail: all participants of one killmail in slot order';
COMMENT ON COLUMN participants.slot IS '0 = victim, 1..n = attackers in payload order';

CREATE INDEX participants_character_time ON participants (character_id, killmail_time DESC)
    INCLUDE (is_victim, final_blow, ship_type_id, solar_system_id, is_npc, is_solo, total_value, attacker_count, killmail_id)
    WHERE character_id IS NOT NULL;
COMMENT ON INDEX participants_character_time IS 'character answers: kills, losses, associates and activity lists over a time range, index-only';

CREATE INDEX participants_corporation_time ON participants (corporation_id, killmail_time DESC)
    INCLUDE (is_victim, final_blow, character_id, ship_type_id, solar_system_id, is_npc, is_solo, total_value, attacker_count, killmail_id)
    WHERE corporation_id IS NOT NULL;
COMMENT ON INDEX participants_corporation_time IS 'corporation answers: kills, losses, top members and activity lists over a time range, index-only';

CREATE INDEX participants_alliance_time ON participants (alliance_id, killmail_time DESC)
    INCLUDE (is_victim, final_blow, character_id, ship_type_id, solar_system_id, is_npc, is_solo, total_value, attacker_count, killmail_id)
    WHERE alliance_id IS NOT NULL;
COMMENT ON INDEX participants_alliance_time IS 'alliance answers: kills, losses, top members and activity lists over a time range, index-only';

CREATE INDEX participants_ship_time ON participants (ship_type_id, killmail_time DESC)
    INCLUDE (is_victim, final_blow, solar_system_id, is_npc, is_solo, total_value, attacker_count, killmail_id)
    WHERE ship_type_id IS NOT NULL;
COMMENT ON INDEX participants_ship_time IS 'ship type answers: kills flown and losses of a ship type over a time range, index-only';
--rollback DROP TABLE participants;
