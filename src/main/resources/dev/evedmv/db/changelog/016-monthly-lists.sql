--liquibase formatted sql

--changeset evedmv:016-sum-counts-function splitStatements:false
CREATE FUNCTION evedmv_sum_counts(lists jsonb[]) RETURNS jsonb
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
    SELECT coalesce(jsonb_object_agg(key, total), '{}')
    FROM (SELECT e.key, sum(e.value::bigint) AS total
          FROM unnest(lists) AS l(list) CROSS JOIN LATERAL jsonb_each_text(l.list) AS e
          GROUP BY e.key) AS totals
$$;
COMMENT ON FUNCTION evedmv_sum_counts(jsonb[]) IS 'one {"id": count} list of many, each id''s counts summed: the monthly lists of entity_daily''s daily ones';
--rollback DROP FUNCTION evedmv_sum_counts(jsonb[]);

--changeset evedmv:016-entity-monthly-lists
--comment: the top-list columns of entity_daily summed per month (the current one up to its settled days), so that a summary reads one row per whole month of its range instead of one per day
CREATE TABLE entity_monthly_lists (
    entity_kind smallint NOT NULL CHECK (entity_kind BETWEEN 2 AND 6),
    entity_id   bigint   NOT NULL,
    month       date     NOT NULL CHECK (extract(day FROM month) = 1),
    until       date     NOT NULL,
    npc         boolean  NOT NULL,
    days        integer  NOT NULL,
    kills       bigint   NOT NULL,
    losses      bigint   NOT NULL,
    ships       jsonb    NOT NULL,
    systems     jsonb    NOT NULL,
    members     jsonb    NOT NULL,
    PRIMARY KEY (entity_kind, entity_id, month, npc),
    CHECK (until > month AND until <= month + interval '1 month')
);
COMMENT ON TABLE entity_monthly_lists IS 'per entity (corporations to regions), month and npc flag, the {"id": count} lists of its entity_daily rows of [month, until) summed (until: the next month, or the first unsettled day of the current one), with the days, kills and losses they summed: a reader uses a row only while those still equal its daily rows'' (every write adds a kill or a loss)';
COMMENT ON INDEX entity_monthly_lists_pkey IS 'entity summaries: the months of a range, by entity';
--rollback DROP TABLE entity_monthly_lists;

--changeset evedmv:016-entity-monthly-builds
CREATE TABLE entity_monthly_builds (
    entity_kind smallint    NOT NULL CHECK (entity_kind BETWEEN 2 AND 6),
    month       date        NOT NULL,
    until       date        NOT NULL,
    days        bigint      NOT NULL,
    kills       bigint      NOT NULL,
    built_at    timestamptz NOT NULL DEFAULT now(),
    duration_ms bigint      NOT NULL,
    PRIMARY KEY (entity_kind, month)
);
COMMENT ON TABLE entity_monthly_builds IS 'when the monthly lists of a kind and month were built, up to which day, and the entity_daily rows and kills of that kind they summed: a month whose figures moved since, or whose settled days grew, is built again';
COMMENT ON INDEX entity_monthly_builds_pkey IS 'monthly lists: which kind and month to build again';
--rollback DROP TABLE entity_monthly_builds;
