--liquibase formatted sql

--changeset evedmv:014-merge-leaders-function splitStatements:false
CREATE FUNCTION evedmv_merge_leaders(a jsonb, b jsonb) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(id, value), '{}')
    FROM (SELECT id, max(value) AS value
          FROM (SELECT key AS id, value::numeric AS value FROM jsonb_each_text(a)
                UNION ALL
                SELECT key, value::numeric FROM jsonb_each_text(b)) AS both_lists
          GROUP BY id
          ORDER BY 2 DESC, 1
          LIMIT 50) AS top
$$;
COMMENT ON FUNCTION evedmv_merge_leaders(jsonb, jsonb) IS 'the 50 largest of two {"id": figure} lists of one day, an id''s larger figure where both hold it (figures only grow)';
--rollback DROP FUNCTION evedmv_merge_leaders(jsonb, jsonb);

--changeset evedmv:014-leaders-floor-function splitStatements:false
CREATE FUNCTION evedmv_leaders_floor(leaders jsonb) RETURNS numeric
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT CASE WHEN count(*) >= 50 THEN min(value::numeric) ELSE 0 END FROM jsonb_each_text(leaders)
$$;
COMMENT ON FUNCTION evedmv_leaders_floor(jsonb) IS 'the most any entity missing from a full list of 50 leaders has: the smallest figure listed (0 while fewer are listed, as every entity is)';
--rollback DROP FUNCTION evedmv_leaders_floor(jsonb);

--changeset evedmv:014-rollup-days
--comment: what the rankings need to know of every rollup day: whether it changed since, and how far a day can lift an entity
CREATE TABLE rollup_days (
    entity_kind  smallint NOT NULL CHECK (entity_kind BETWEEN 1 AND 6),
    day          date     NOT NULL,
    version      bigint   NOT NULL,
    kill_leaders jsonb    NOT NULL,
    isk_leaders  jsonb    NOT NULL,
    PRIMARY KEY (entity_kind, day)
);
COMMENT ON TABLE rollup_days IS 'one row per entity kind and day that entity_daily holds rows of, written in the same transaction as they are';
COMMENT ON COLUMN rollup_days.version IS 'raised by every write to the day''s entity_daily rows of this kind that late_rollup_deltas does not log: a ranking built over the day is stale once it differs';
COMMENT ON COLUMN rollup_days.kill_leaders IS '{"id": kills}: the 50 players of this kind with the most non-npc kills on the day (NPC characters and corporations left out); every other has at most evedmv_leaders_floor of it';
COMMENT ON COLUMN rollup_days.isk_leaders IS '{"id": isk}: as kill_leaders, by ISK destroyed';
COMMENT ON INDEX rollup_days_pkey IS 'top rankings: versions summed over a ranking''s days, leaders of the days a top list adds';

INSERT INTO rollup_days (entity_kind, day, version, kill_leaders, isk_leaders)
SELECT entity_kind, day, 1,
       coalesce(jsonb_object_agg(entity_id, kills) FILTER (WHERE player AND by_kills <= 50), '{}'),
       coalesce(jsonb_object_agg(entity_id, isk_destroyed) FILTER (WHERE player AND by_isk <= 50), '{}')
FROM (SELECT entity_kind, day, entity_id, kills, isk_destroyed, player,
             row_number() OVER (PARTITION BY entity_kind, day ORDER BY player DESC, kills DESC, entity_id) AS by_kills,
             row_number() OVER (PARTITION BY entity_kind, day ORDER BY player DESC, isk_destroyed DESC, entity_id) AS by_isk
      FROM (SELECT entity_kind, day, entity_id, kills, isk_destroyed,
                   NOT npc AND entity_id > CASE entity_kind WHEN 1 THEN 3999999 WHEN 2 THEN 1999999 ELSE 0 END AS player
            FROM entity_daily) AS rows) AS ranked
GROUP BY entity_kind, day;
--rollback DROP TABLE rollup_days;

--changeset evedmv:014-top-rankings
CREATE TABLE top_rankings (
    window_days   integer        NOT NULL,
    entity_kind   smallint       NOT NULL CHECK (entity_kind BETWEEN 1 AND 6),
    by_isk        boolean        NOT NULL,
    rank          integer        NOT NULL,
    entity_id     bigint         NOT NULL,
    kills         bigint         NOT NULL,
    isk_destroyed numeric(30, 2) NOT NULL,
    PRIMARY KEY (window_days, entity_kind, by_isk, rank)
);
COMMENT ON TABLE top_rankings IS 'the first entities of each kind by non-npc kills or ISK destroyed over the settled days of each window (see top_ranking_builds); a top list adds the days left out';
COMMENT ON COLUMN top_rankings.window_days IS '7, 30, 90, 365, or 0 for all days';
COMMENT ON INDEX top_rankings_pkey IS 'top lists: the first ranks of one window, kind and order';

CREATE TABLE top_ranking_builds (
    window_days integer     NOT NULL,
    entity_kind smallint    NOT NULL CHECK (entity_kind BETWEEN 1 AND 6),
    since       date        NOT NULL,
    until       date        NOT NULL,
    version_sum bigint      NOT NULL,
    complete    boolean     NOT NULL,
    built_at    timestamptz NOT NULL,
    duration_ms bigint      NOT NULL,
    PRIMARY KEY (window_days, entity_kind)
);
COMMENT ON TABLE top_ranking_builds IS 'the days [since, until) each ranking of top_rankings counts, and the sum of their rollup_days versions when it was built';
COMMENT ON COLUMN top_ranking_builds.complete IS 'the ranking holds every entity with kills over its days';
COMMENT ON INDEX top_ranking_builds_pkey IS 'top lists: the rankings of one entity kind';

CREATE TABLE late_rollup_deltas (
    entity_kind   smallint       NOT NULL CHECK (entity_kind BETWEEN 1 AND 6),
    entity_id     bigint         NOT NULL,
    day           date           NOT NULL,
    kills         integer        NOT NULL,
    isk_destroyed numeric(24, 2) NOT NULL
);
COMMENT ON TABLE late_rollup_deltas IS 'non-npc kills added to players'' entity_daily rows of days a top ranking may count (before yesterday), by killmails that came late; a ranking corrects by those its build did not see, and its next build deletes them';
CREATE INDEX late_rollup_deltas_entity ON late_rollup_deltas (entity_kind, entity_id, day) INCLUDE (kills, isk_destroyed);
COMMENT ON INDEX late_rollup_deltas_entity IS 'top lists: the late kills of a ranking''s candidates, and the entities with any';
--rollback DROP TABLE late_rollup_deltas;
--rollback DROP TABLE top_ranking_builds;
--rollback DROP TABLE top_rankings;
