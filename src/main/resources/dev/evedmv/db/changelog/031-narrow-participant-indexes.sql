--liquibase formatted sql

--changeset evedmv:031-narrow-participant-indexes
--comment: the entity indexes carry only what the answers that scan them read (the killmail, its side, whether it is an NPC kill); summaries are read from entity_daily, so the other INCLUDE columns were paid for nothing
DROP INDEX participants_character_time;
CREATE INDEX participants_character_time ON participants (character_id, killmail_time DESC)
    INCLUDE (killmail_id, is_victim, is_npc)
    WHERE character_id IS NOT NULL;
COMMENT ON INDEX participants_character_time IS 'the activity lists of a character and its kills (associates), newest first, index-only; its affiliation (newest row)';
DROP INDEX participants_corporation_time;
CREATE INDEX participants_corporation_time ON participants (corporation_id, killmail_time DESC)
    INCLUDE (killmail_id, is_victim, is_npc)
    WHERE corporation_id IS NOT NULL;
COMMENT ON INDEX participants_corporation_time IS 'the activity lists of a corporation, newest first, index-only; its affiliation (newest row)';
DROP INDEX participants_alliance_time;
CREATE INDEX participants_alliance_time ON participants (alliance_id, killmail_time DESC)
    INCLUDE (killmail_id, is_victim, is_npc)
    WHERE alliance_id IS NOT NULL;
COMMENT ON INDEX participants_alliance_time IS 'the activity lists of an alliance, newest first, index-only';
DROP INDEX participants_ship_time;
CREATE INDEX participants_ship_time ON participants (ship_type_id, killmail_time DESC)
    INCLUDE (killmail_id, is_victim, is_npc)
    WHERE ship_type_id IS NOT NULL;
COMMENT ON INDEX participants_ship_time IS 'the activity lists of a ship type, newest first, index-only';
--rollback DROP INDEX participants_character_time;
--rollback CREATE INDEX participants_character_time ON participants (character_id, killmail_time DESC) INCLUDE (is_victim, final_blow, ship_type_id, solar_system_id, is_npc, is_solo, total_value, attacker_count, killmail_id) WHERE character_id IS NOT NULL;
--rollback COMMENT ON INDEX participants_character_time IS 'character answers: kills, losses, associates and activity lists over a time range, index-only';
--rollback DROP INDEX participants_corporation_time;
--rollback CREATE INDEX participants_corporation_time ON participants (corporation_id, killmail_time DESC) INCLUDE (is_victim, final_blow, character_id, ship_type_id, solar_system_id, is_npc, is_solo, total_value, attacker_count, killmail_id) WHERE corporation_id IS NOT NULL;
--rollback COMMENT ON INDEX participants_corporation_time IS 'corporation answers: kills, losses, top members and activity lists over a time range, index-only';
--rollback DROP INDEX participants_alliance_time;
--rollback CREATE INDEX participants_alliance_time ON participants (alliance_id, killmail_time DESC) INCLUDE (is_victim, final_blow, character_id, ship_type_id, solar_system_id, is_npc, is_solo, total_value, attacker_count, killmail_id) WHERE alliance_id IS NOT NULL;
--rollback COMMENT ON INDEX participants_alliance_time IS 'alliance answers: kills, losses, top members and activity lists over a time range, index-only';
--rollback DROP INDEX participants_ship_time;
--rollback CREATE INDEX participants_ship_time ON participants (ship_type_id, killmail_time DESC) INCLUDE (is_victim, final_blow, solar_system_id, is_npc, is_solo, total_value, attacker_count, killmail_id) WHERE ship_type_id IS NOT NULL;
--rollback COMMENT ON INDEX participants_ship_time IS 'ship type answers: kills flown and losses of a ship type over a time range, index-only';
