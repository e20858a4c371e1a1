-- db rederive --rollups: the kinds and days whose entity_daily rows changed are recorded as a write records them
-- (record_rollup_days.sql): writes counted, version raised (the rankings over them are built again), and the
-- evedmv_day_leaders() players with the most non-npc kills and ISK destroyed among the day's rows as they now
-- are merged into the day's leaders.
INSERT INTO rollup_days AS r (entity_kind, day, version, writes, kill_leaders, isk_leaders)
SELECT t.entity_kind, t.day, 1, 1,
       evedmv_merge_leaders('{}', coalesce(jsonb_object_agg(p.entity_id, p.kills)
                                               FILTER (WHERE p.by_kills <= evedmv_day_leaders()), '{}')),
       evedmv_merge_leaders('{}', coalesce(jsonb_object_agg(p.entity_id, p.isk_destroyed)
                                               FILTER (WHERE p.by_isk <= evedmv_day_leaders()), '{}'))
FROM (SELECT DISTINCT entity_kind, day FROM stage_daily) AS t
LEFT JOIN LATERAL (
    SELECT d.entity_id, d.kills, d.isk_destroyed,
           row_number() OVER (ORDER BY d.kills DESC, d.entity_id) AS by_kills,
           row_number() OVER (ORDER BY d.isk_destroyed DESC, d.entity_id) AS by_isk
    FROM entity_daily d
    WHERE d.entity_kind = t.entity_kind AND d.day = t.day AND NOT d.npc
      AND evedmv_is_player(d.entity_kind, d.entity_id)) AS p ON true
GROUP BY t.entity_kind, t.day
ORDER BY t.entity_kind, t.day
ON CONFLICT (entity_kind, day) DO UPDATE SET
    version = r.version + 1,
    writes = r.writes + 1,
    kill_leaders = evedmv_merge_leaders(r.kill_leaders, EXCLUDED.kill_leaders),
    isk_leaders = evedmv_merge_leaders(r.isk_leaders, EXCLUDED.isk_leaders)
