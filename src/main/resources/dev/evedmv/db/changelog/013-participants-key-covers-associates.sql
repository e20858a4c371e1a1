--liquibase formatted sql

--changeset evedmv:013-participants-key-covers-associates
--comment: the associates of a character summary look up every other attacker of each of its kills by killmail; with character_id and is_victim in the primary key's index those lookups are index-only
ALTER TABLE participants DROP CONSTRAINT participants_pkey;
ALTER TABLE participants ADD CONSTRAINT participants_pkey PRIMARY KEY (killmail_id, killmail_time, slot) INCLUDE (character_id, is_victim);
COMMENT ON INDEX participants_pkey IS 'also covers the associates lookup (character_id, is_victim by killmail): 22 ms without, 10.5 ms with, for a character with 289 kills and 17,863 co-attacker rows; see docs/queries.md';
--rollback ALTER TABLE participants DROP CONSTRAINT participants_pkey;
--rollback ALTER TABLE participants ADD CONSTRAINT participants_pkey PRIMARY KEY (killmail_id, killmail_time, slot);
