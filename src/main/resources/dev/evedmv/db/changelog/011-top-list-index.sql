--liquibase formatted sql

--changeset evedmv:011-entity-daily-kind-day
--comment: top lists read one kind over a window of days; the primary key leads with the entity id
CREATE INDEX entity_daily_kind_day ON entity_daily (entity_kind, day) INCLUDE (entity_id, npc, kills, isk_destroyed);
COMMENT ON INDEX entity_daily_kind_day IS 'top lists: one entity kind over [since, until), index-only (measured 194-388 ms without, 9-11 ms with, on 100k killmails; see docs/queries.md)';
--rollback DROP INDEX entity_daily_kind_day;
