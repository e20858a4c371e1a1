-- Per-connection staging of db rederive: one batch's killmails and participants derived again, and which of them
-- differ from what is stored (with the region they were counted in); emptied at commit.
CREATE TEMP TABLE IF NOT EXISTS rederive_killmails (LIKE killmails INCLUDING DEFAULTS) ON COMMIT DELETE ROWS;
CREATE TEMP TABLE IF NOT EXISTS rederive_participants (LIKE participants) ON COMMIT DELETE ROWS;
CREATE INDEX IF NOT EXISTS rederive_participants_killmail ON rederive_participants (killmail_id);
CREATE TEMP TABLE IF NOT EXISTS rederive_changed (
    killmail_id   bigint      NOT NULL,
    killmail_time timestamptz NOT NULL,
    old_region_id integer
) ON COMMIT DELETE ROWS;
