-- Per-connection staging for a batch's rollup increments; emptied at commit.
CREATE TEMP TABLE IF NOT EXISTS stage_daily (LIKE entity_daily) ON COMMIT DELETE ROWS
