-- Per-connection staging for a batch's rollup increments; emptied at commit.
CREATE TEMP TABLE IF NOT EXISTS stage_daily (LIKE entity_daily) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_ships (LIKE entity_daily_ships) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_systems (LIKE entity_daily_systems) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS stage_members (LIKE entity_daily_members) ON COMMIT DELETE ROWS;
