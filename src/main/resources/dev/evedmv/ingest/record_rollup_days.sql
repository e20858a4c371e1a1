-- The kinds and days a transaction wrote entity_daily rows of: each day's writes counted, its version
-- raised (unless :bump says its changes are logged in late_rollup_deltas instead) and the leaders of its
-- rows written merged in; rows taken in key order so that concurrent writers lock them in the same order.
INSERT INTO rollup_days AS r (entity_kind, day, version, writes, kill_leaders, isk_leaders)
SELECT kind, day, CASE WHEN bump THEN 1 ELSE 0 END, 1, evedmv_merge_leaders('{}', kill_leaders),
       evedmv_merge_leaders('{}', isk_leaders)
FROM unnest(CAST(:kinds AS smallint[]), CAST(:days AS date[]), CAST(:bump AS boolean[]),
            CAST(:kill_leaders AS jsonb[]), CAST(:isk_leaders AS jsonb[]))
     AS u(kind, day, bump, kill_leaders, isk_leaders)
ORDER BY kind, day
ON CONFLICT (entity_kind, day) DO UPDATE SET
    version = r.version + CASE WHEN EXCLUDED.version > 0 THEN 1 ELSE 0 END,
    writes = r.writes + 1,
    kill_leaders = evedmv_merge_leaders(r.kill_leaders, EXCLUDED.kill_leaders),
    isk_leaders = evedmv_merge_leaders(r.isk_leaders, EXCLUDED.isk_leaders)
