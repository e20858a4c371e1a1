--liquibase formatted sql

--changeset evedmv:023-index-comments
--comment: an index comment says what the index is for; the comments of 011 and 013 stated measurements
COMMENT ON INDEX entity_daily_kind_day IS 'top lists: one entity kind over [since, until), index-only (lists counted whole, the entities that may rise past a ranking, the monthly-list build check); the primary key leads with the entity id';
COMMENT ON INDEX participants_pkey IS 'killmail detail: all participants of one killmail in slot order; INCLUDE (character_id, is_victim) makes the associates lookup of a killmail without player_attacker_ids index-only';
--rollback COMMENT ON INDEX entity_daily_kind_day IS 'top lists: one entity kind over [since, until), index-only (measured 194-388 ms without, 9-11 ms with, on 100k killmails; see docs/queries.md)';
--rollback COMMENT ON INDEX participants_pkey IS 'also covers the associates lookup (character_id, is_victim by killmail): 22 ms without, 10.5 ms with, for a character with 289 kills and 17,863 co-attacker rows; see docs/queries.md';
