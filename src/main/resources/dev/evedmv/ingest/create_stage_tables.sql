-- Per-connection staging for one write batch; emptied at commit.
CREATE TEMP TABLE IF NOT EXISTS stage_participants (LIKE participants) ON COMMIT DELETE ROWS;
CREATE INDEX IF NOT EXISTS stage_participants_killmail ON stage_participants (killmail_id);
CREATE TEMP TABLE IF NOT EXISTS stage_entity_killmails (
    kind            smallint       NOT NULL,
    entity_id       bigint         NOT NULL,
    killmail_id     bigint         NOT NULL,
    day             date           NOT NULL,
    second_of_day   integer        NOT NULL,
    solar_system_id integer        NOT NULL,
    npc             boolean        NOT NULL,
    solo            boolean        NOT NULL,
    total_value     numeric(20, 2) NOT NULL,
    attacker_count  integer        NOT NULL,
    is_kill         boolean        NOT NULL,
    is_loss         boolean        NOT NULL,
    final_blow      boolean        NOT NULL
) ON COMMIT DELETE ROWS;
CREATE INDEX IF NOT EXISTS stage_entity_killmails_killmail ON stage_entity_killmails (killmail_id);
