-- Ranks one entity kind over the settled days [since, :until) of every window at once, in one pass
-- over entity_daily: the first :length entities by non-npc kills and by ISK destroyed (then id
-- ascending), without NPC characters and corporations, and for each window the days counted, the
-- sum of their rollup_days versions as this statement saw them, and whether every entity with kills
-- was ranked. The caller has deleted the kind's rankings and late deltas in the same transaction, so the
-- totals (evedmv_ranking_totals) are entity_daily's.
WITH totals AS MATERIALIZED (
    SELECT window_days, entity_id, kills, isk_destroyed
    FROM evedmv_ranking_totals(:kind, :since_7, :since_30, :since_90, :since_365, :since_all, :until)
),
windows AS (
    SELECT * FROM (VALUES (7, CAST(:since_7 AS date)), (30, CAST(:since_30 AS date)), (90, CAST(:since_90 AS date)),
                          (365, CAST(:since_365 AS date)), (0, CAST(:since_all AS date))) AS w(window_days, since)
),
-- the first :length of each window and order: a bounded sort each, not a sort of every total
ranks AS (
    INSERT INTO top_rankings (window_days, entity_kind, by_isk, rank, entity_id, kills, isk_destroyed)
    SELECT w.window_days, :kind, false, k.rank, k.entity_id, k.kills, k.isk_destroyed
    FROM windows w
    CROSS JOIN LATERAL (SELECT entity_id, kills, isk_destroyed, row_number() OVER (ORDER BY kills DESC, entity_id) AS rank
                        FROM (SELECT * FROM totals t WHERE t.window_days = w.window_days
                              ORDER BY t.kills DESC, t.entity_id LIMIT :length) AS first) AS k
    UNION ALL
    SELECT w.window_days, :kind, true, i.rank, i.entity_id, i.kills, i.isk_destroyed
    FROM windows w
    CROSS JOIN LATERAL (SELECT entity_id, kills, isk_destroyed,
                               row_number() OVER (ORDER BY isk_destroyed DESC, entity_id) AS rank
                        FROM (SELECT * FROM totals t WHERE t.window_days = w.window_days
                              ORDER BY t.isk_destroyed DESC, t.entity_id LIMIT :length) AS first) AS i
),
counted AS (
    SELECT window_days, count(*) AS entities FROM totals GROUP BY window_days
)
INSERT INTO top_ranking_builds AS b (window_days, entity_kind, since, until, version_sum, complete, built_at, duration_ms)
SELECT w.window_days, :kind, w.since, :until,
       (SELECT coalesce(sum(r.version), 0) FROM rollup_days r
        WHERE r.entity_kind = :kind AND r.day >= w.since AND r.day < :until),
       coalesce((SELECT c.entities FROM counted c WHERE c.window_days = w.window_days), 0) <= :length,
       now(), 0
FROM windows w
ON CONFLICT (window_days, entity_kind) DO UPDATE SET
    since = EXCLUDED.since, until = EXCLUDED.until, version_sum = EXCLUDED.version_sum,
    complete = EXCLUDED.complete, built_at = EXCLUDED.built_at, duration_ms = EXCLUDED.duration_ms
