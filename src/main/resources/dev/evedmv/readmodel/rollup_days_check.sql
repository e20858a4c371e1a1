-- db verify, rollup_days over the days [:from, :until) (a month): the rows checked, and the differences
-- with entity_daily, the first few as text. A kind and day that entity_daily holds rows of must have a
-- row; its leaders must bound every player's non-npc figure of the day as the top lists rely on them: a
-- listed entity has at most its listed figure, any other at most the day's floor (evedmv_leaders_floor:
-- 0 while fewer than 50 are listed). A listed figure above the entity's (a rederive that lowered it) is no
-- difference, nor is a row whose day no longer holds rows (its version still counts in the rankings'
-- version sums).
WITH daily AS MATERIALIZED (
    SELECT d.entity_kind, d.day, d.entity_id, d.kills, d.isk_destroyed,
           NOT d.npc AND evedmv_is_player(d.entity_kind, d.entity_id) AS player
    FROM generate_series(CAST(evedmv_kind('character') AS integer), CAST(evedmv_kind('region') AS integer)) AS k(kind)
    CROSS JOIN LATERAL (SELECT e.entity_kind, e.day, e.entity_id, e.kills, e.isk_destroyed, e.npc
                        FROM entity_daily e
                        WHERE e.entity_kind = k.kind AND e.day >= CAST(:from AS date) AND e.day < CAST(:until AS date))
        AS d
),
stored AS MATERIALIZED (
    SELECT r.entity_kind, r.day, r.kill_leaders, r.isk_leaders, evedmv_leaders_floor(r.kill_leaders) AS kill_floor,
           evedmv_leaders_floor(r.isk_leaders) AS isk_floor
    FROM rollup_days r
    WHERE r.day >= CAST(:from AS date) AND r.day < CAST(:until AS date)
),
differences AS (
    SELECT format('kind %s %s: no row (entity_daily has %s)', d.entity_kind, d.day, count(*)) AS difference
    FROM daily d
    WHERE NOT EXISTS (SELECT 1 FROM stored s WHERE s.entity_kind = d.entity_kind AND s.day = d.day)
    GROUP BY d.entity_kind, d.day
    UNION ALL
    SELECT format('kind %s %s: entity %s has %s kills, the leaders allow at most %s', d.entity_kind, d.day, d.entity_id,
                  d.kills, coalesce((s.kill_leaders ->> d.entity_id::text)::numeric, s.kill_floor))
    FROM daily d
    JOIN stored s ON s.entity_kind = d.entity_kind AND s.day = d.day
    WHERE d.player AND d.kills > coalesce((s.kill_leaders ->> d.entity_id::text)::numeric, s.kill_floor)
    UNION ALL
    SELECT format('kind %s %s: entity %s destroyed %s ISK, the leaders allow at most %s', d.entity_kind, d.day,
                  d.entity_id, d.isk_destroyed, coalesce((s.isk_leaders ->> d.entity_id::text)::numeric, s.isk_floor))
    FROM daily d
    JOIN stored s ON s.entity_kind = d.entity_kind AND s.day = d.day
    WHERE d.player AND d.isk_destroyed > coalesce((s.isk_leaders ->> d.entity_id::text)::numeric, s.isk_floor)
)
SELECT (SELECT count(*) FROM stored) AS rows_checked,
       (SELECT count(*) FROM differences) AS differences,
       coalesce((SELECT array_agg(difference) FROM (SELECT difference FROM differences ORDER BY 1 LIMIT 5) AS first),
                '{}') AS samples
