--liquibase formatted sql

--changeset evedmv:037-participants-by-killmail
--comment: participants are found by killmail through an index on killmail_id alone, whose entries B-tree deduplication merges into one per killmail, instead of a primary key with one entry per row
-- Every reader of participants asks for the rows of given killmails (with their time, which prunes to
-- one partition) and orders by slot itself; killmail_directory already admits each killmail once, and
-- db verify checks that each killmail's rows are its victim and each of its attackers once.
ALTER TABLE participants DROP CONSTRAINT participants_pkey;
CREATE INDEX participants_killmail ON participants (killmail_id);
COMMENT ON INDEX participants_killmail IS 'killmail detail, battle sides, a pilot''s newest affiliation and the associates of a killmail without player_attacker_ids: the participants of given killmails';
--rollback DROP INDEX participants_killmail;
--rollback ALTER TABLE participants ADD CONSTRAINT participants_pkey PRIMARY KEY (killmail_id, killmail_time, slot) INCLUDE (character_id, is_victim);
--rollback COMMENT ON INDEX participants_pkey IS 'killmail detail: all participants of one killmail in slot order; INCLUDE (character_id, is_victim) makes the associates lookup of a killmail without player_attacker_ids index-only';

--changeset evedmv:037-entity-days-by-kind
--comment: entity_daily rows of a kind and day are found through (entity_kind, day) alone, deduplicated into one entry per kind and day, instead of an index carrying four columns of every row
-- The top lists read whole windows of a kind: over weeks the planner scans the table either way, and
-- over days the rows of a day sit together in the table, written together by ingest.
DROP INDEX entity_daily_kind_day;
CREATE INDEX entity_daily_kind_day ON entity_daily (entity_kind, day);
COMMENT ON INDEX entity_daily_kind_day IS 'top lists: one entity kind over [since, until) (lists counted whole, the entities that may rise past a ranking, the monthly-list build check), the days of db verify and the unnamed ids of the name resolver; the primary key leads with the entity id';
--rollback DROP INDEX entity_daily_kind_day;
--rollback CREATE INDEX entity_daily_kind_day ON entity_daily (entity_kind, day) INCLUDE (entity_id, npc, kills, isk_destroyed);
--rollback COMMENT ON INDEX entity_daily_kind_day IS 'top lists: one entity kind over [since, until), index-only (lists counted whole, the entities that may rise past a ranking, the monthly-list build check); the primary key leads with the entity id';
