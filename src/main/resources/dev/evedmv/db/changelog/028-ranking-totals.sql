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
