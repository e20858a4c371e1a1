-- docs/battles.md, kept current: the battles found in the recomputed spans, and their killmails.
WITH found AS (
    INSERT INTO battles (battle_id, solar_system_id, region_id, start_time, end_time, killmails, killmail_ids,
                         isk_destroyed, pilots, sides)
    SELECT r.battle_id, r.solar_system_id, r.region_id, r.start_time, r.end_time, r.killmails, r.killmail_ids,
           r.isk_destroyed, r.pilots, r.sides
    FROM jsonb_to_recordset(CAST(:battles AS jsonb)) AS r(battle_id bigint, solar_system_id integer, region_id integer,
        start_time timestamptz, end_time timestamptz, killmails integer, killmail_ids bigint[],
        isk_destroyed numeric(20, 2), pilots integer, sides jsonb)
    RETURNING battle_id, killmail_ids
)
INSERT INTO battle_killmails (killmail_id, battle_id)
SELECT unnest(f.killmail_ids), f.battle_id FROM found f
