--liquibase formatted sql

--changeset evedmv:028-ranking-totals-function splitStatements:false
-- The totals a top ranking ranks, defined once for its build (ranking_build.sql) and for db verify
-- (top_rankings_check.sql): one LANGUAGE sql STABLE function of one SELECT, which the planner inlines
-- into the calling query, so both plan as if the SELECT were written there.
CREATE FUNCTION evedmv_ranking_totals(kind integer, since_7 date, since_30 date, since_90 date, since_365 date,
                                      since_all date, until date)
RETURNS TABLE (window_days integer, entity_id bigint, kills bigint, isk_destroyed numeric)
LANGUAGE sql STABLE PARALLEL SAFE AS $$
    SELECT w.window_days, t.entity_id, w.kills, w.isk_destroyed
    FROM (SELECT d.entity_id,
                 sum(d.kills) FILTER (WHERE d.day >= since_7)           AS kills_7,
                 sum(d.isk_destroyed) FILTER (WHERE d.day >= since_7)   AS isk_7,
                 sum(d.kills) FILTER (WHERE d.day >= since_30)          AS kills_30,
                 sum(d.isk_destroyed) FILTER (WHERE d.day >= since_30)  AS isk_30,
                 sum(d.kills) FILTER (WHERE d.day >= since_90)          AS kills_90,
                 sum(d.isk_destroyed) FILTER (WHERE d.day >= since_90)  AS isk_90,
                 sum(d.kills) FILTER (WHERE d.day >= since_365)         AS kills_365,
                 sum(d.isk_destroyed) FILTER (WHERE d.day >= since_365) AS isk_365,
                 sum(d.kills) FILTER (WHERE d.day >= since_all)         AS kills_all,
                 sum(d.isk_destroyed) FILTER (WHERE d.day >= since_all) AS isk_all
          FROM (SELECT e.entity_id, e.day, e.kills, e.isk_destroyed
                FROM entity_daily e
                WHERE e.entity_kind = kind AND e.day >= least(since_7, since_30, since_90, since_365, since_all)
                  AND e.day < until AND NOT e.npc AND evedmv_is_player(kind, e.entity_id)
                UNION ALL
                SELECT l.entity_id, l.day, -l.kills, -l.isk_destroyed
                FROM late_rollup_deltas l
                WHERE l.entity_kind = kind AND l.day >= least(since_7, since_30, since_90, since_365, since_all)
                  AND l.day < until) AS d
          GROUP BY d.entity_id) AS t
    CROSS JOIN LATERAL (VALUES (7, t.kills_7, t.isk_7), (30, t.kills_30, t.isk_30), (90, t.kills_90, t.isk_90),
                               (365, t.kills_365, t.isk_365), (0, t.kills_all, t.isk_all))
        AS w(window_days, kills, isk_destroyed)
    WHERE w.kills > 0
$$;
COMMENT ON FUNCTION evedmv_ranking_totals(integer, date, date, date, date, date, date) IS 'per window (7, 30, 90, 365 days; 0: all) whose days start at its since_N and end before until, each player entity of the kind with non-npc kills there: its kills and ISK destroyed from entity_daily, less the late kills logged in late_rollup_deltas since the kind''s last ranking build (which deletes them first); a window whose since_N is until counts nothing';
--rollback DROP FUNCTION evedmv_ranking_totals(integer, date, date, date, date, date, date);

--changeset evedmv:028-rollup-day-writes
-- Every derived table built ahead of time knows it is stale the same way: rollup_days counts the writes of
-- each kind and day of entity_daily, and a build records the sum of those counts over the days it read.
-- writes counts every write (version only those a ranking cannot correct from late_rollup_deltas), so a
-- monthly list sees a late killmail that only adds losses, which its former check (the count and kills of
-- the kind's rows) could not. Builds recorded before are kept when that former check still holds.
ALTER TABLE rollup_days ADD COLUMN writes bigint NOT NULL DEFAULT 0;
UPDATE rollup_days SET writes = version;
COMMENT ON COLUMN rollup_days.writes IS 'writes of entity_daily rows of this kind and day, every one counted: what monthly lists are built from (entity_monthly_builds.writes_sum)';
ALTER TABLE entity_monthly_builds ADD COLUMN writes_sum bigint;
UPDATE entity_monthly_builds b
SET writes_sum = (SELECT coalesce(sum(r.writes), 0) FROM rollup_days r
                  WHERE r.entity_kind = b.entity_kind AND r.day >= b.month AND r.day < b.until)
WHERE (b.days, b.kills) = (SELECT count(*), coalesce(sum(d.kills), 0) FROM entity_daily d
                           WHERE d.entity_kind = b.entity_kind AND d.day >= b.month AND d.day < b.until);
DELETE FROM entity_monthly_builds WHERE writes_sum IS NULL;
ALTER TABLE entity_monthly_builds ALTER COLUMN writes_sum SET NOT NULL;
ALTER TABLE entity_monthly_builds DROP COLUMN days, DROP COLUMN kills;
COMMENT ON TABLE entity_monthly_builds IS 'when the monthly lists of a kind and month were built, up to which day, and the sum of the kind''s rollup_days.writes over those days then: a month whose sum moved since, or whose settled days grew, is built again';
--rollback ALTER TABLE entity_monthly_builds ADD COLUMN days bigint, ADD COLUMN kills bigint;
--rollback UPDATE entity_monthly_builds b SET (days, kills) = (SELECT count(*), coalesce(sum(d.kills), 0) FROM entity_daily d WHERE d.entity_kind = b.entity_kind AND d.day >= b.month AND d.day < b.until) WHERE b.writes_sum = (SELECT coalesce(sum(r.writes), 0) FROM rollup_days r WHERE r.entity_kind = b.entity_kind AND r.day >= b.month AND r.day < b.until);
--rollback DELETE FROM entity_monthly_builds WHERE days IS NULL;
--rollback ALTER TABLE entity_monthly_builds ALTER COLUMN days SET NOT NULL, ALTER COLUMN kills SET NOT NULL, DROP COLUMN writes_sum;
--rollback COMMENT ON TABLE entity_monthly_builds IS 'when the monthly lists of a kind and month were built, up to which day, and the entity_daily rows and kills of that kind they summed: a month whose figures moved since, or whose settled days grew, is built again';
--rollback ALTER TABLE rollup_days DROP COLUMN writes;
