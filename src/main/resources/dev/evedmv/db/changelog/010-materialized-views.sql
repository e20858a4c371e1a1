--liquibase formatted sql

--changeset evedmv:010-top-entities-views
CREATE MATERIALIZED VIEW top_entities_7d AS
SELECT entity_kind, entity_id, sum(kills)::bigint AS kills, sum(isk_destroyed) AS isk_destroyed
FROM entity_daily
WHERE NOT npc AND day >= current_date - 7 AND kills > 0
GROUP BY entity_kind, entity_id;
CREATE UNIQUE INDEX top_entities_7d_key ON top_entities_7d (entity_kind, entity_id);
CREATE INDEX top_entities_7d_kills ON top_entities_7d (entity_kind, kills DESC, entity_id);
CREATE INDEX top_entities_7d_isk ON top_entities_7d (entity_kind, isk_destroyed DESC, entity_id);
COMMENT ON MATERIALIZED VIEW top_entities_7d IS 'non-npc kills and ISK destroyed per entity over the last 7 days (as of the last refresh); refreshed concurrently by serve';
COMMENT ON INDEX top_entities_7d_key IS 'unique key that REFRESH MATERIALIZED VIEW CONCURRENTLY needs';
COMMENT ON INDEX top_entities_7d_kills IS 'top lists by kills per entity kind';
COMMENT ON INDEX top_entities_7d_isk IS 'top lists by ISK destroyed per entity kind';

CREATE MATERIALIZED VIEW top_entities_30d AS
SELECT entity_kind, entity_id, sum(kills)::bigint AS kills, sum(isk_destroyed) AS isk_destroyed
FROM entity_daily
WHERE NOT npc AND day >= current_date - 30 AND kills > 0
GROUP BY entity_kind, entity_id;
CREATE UNIQUE INDEX top_entities_30d_key ON top_entities_30d (entity_kind, entity_id);
CREATE INDEX top_entities_30d_kills ON top_entities_30d (entity_kind, kills DESC, entity_id);
CREATE INDEX top_entities_30d_isk ON top_entities_30d (entity_kind, isk_destroyed DESC, entity_id);
COMMENT ON MATERIALIZED VIEW top_entities_30d IS 'non-npc kills and ISK destroyed per entity over the last 30 days (as of the last refresh); refreshed concurrently by serve';
COMMENT ON INDEX top_entities_30d_key IS 'unique key that REFRESH MATERIALIZED VIEW CONCURRENTLY needs';
COMMENT ON INDEX top_entities_30d_kills IS 'top lists by kills per entity kind';
COMMENT ON INDEX top_entities_30d_isk IS 'top lists by ISK destroyed per entity kind';

CREATE TABLE matview_refreshes (
    view_name    text        PRIMARY KEY,
    refreshed_at timestamptz NOT NULL,
    duration_ms  bigint      NOT NULL
);
COMMENT ON TABLE matview_refreshes IS 'when each materialized view was last refreshed and how long it took; health warns when one is stale';
COMMENT ON INDEX matview_refreshes_pkey IS 'health and /ops: the last refresh of each materialized view';
INSERT INTO matview_refreshes (view_name, refreshed_at, duration_ms)
VALUES ('top_entities_7d', now(), 0), ('top_entities_30d', now(), 0);
--rollback DROP TABLE matview_refreshes;
--rollback DROP MATERIALIZED VIEW top_entities_30d;
--rollback DROP MATERIALIZED VIEW top_entities_7d;
