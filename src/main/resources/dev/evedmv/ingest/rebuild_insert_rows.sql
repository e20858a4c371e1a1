-- db rederive --rollups: the recomputed rows of the days [:from, :until) that entity_daily lacks now (the stale
-- ones deleted), written in key order, and staged beside the stale ones: the entity-days whose rows changed.
WITH written AS (
    INSERT INTO entity_daily
    SELECT * FROM ((SELECT * FROM rebuild_recomputed)
                   EXCEPT ALL
                   (SELECT * FROM entity_daily WHERE day >= CAST(:from AS date) AND day < CAST(:until AS date))) AS fresh
    ORDER BY 1, 2, 3, 4 -- entity_kind, entity_id, day, npc (the recomputation names the first kind)
    RETURNING *
)
INSERT INTO stage_daily SELECT * FROM written
