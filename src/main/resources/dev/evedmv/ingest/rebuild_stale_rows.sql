-- db rederive --rollups: the entity_daily rows of the days [:from, :until) that differ from their recomputation
-- from participants (rebuild_recomputed, ingest/rollup_daily_select.sql), or that it does not have, staged.
INSERT INTO stage_daily
SELECT * FROM ((SELECT * FROM entity_daily WHERE day >= CAST(:from AS date) AND day < CAST(:until AS date))
               EXCEPT ALL
               (SELECT * FROM rebuild_recomputed)) AS stale
